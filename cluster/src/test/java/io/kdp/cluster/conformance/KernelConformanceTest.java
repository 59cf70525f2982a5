package io.kdp.cluster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.cluster.offline.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The kernel conformance suite (issue 4, item 4): every flow of the corpus goes through kdp's
 * offline tracer with all paths and through the real Linux kernel in network namespaces, and the
 * set of outcomes (DNAT destination, masquerade or not, accepted, dropped or rejected) must be the
 * same. Rule sets run in parallel, each in its own namespaces, with all of its flows in one driver.
 * Prints {@code conformance: N flows (G generated, H hand-written), M mismatches} for CI logs.
 */
class KernelConformanceTest {
    /** Rule sets run at once (each is one python driver and three namespaces). */
    static final int PARALLEL = 3;

    @Test
    void kdpAndTheRealKernelAgreeOnEveryFlow() throws Exception {
        KernelTools tools = KernelTools.require();
        List<RuleSet> corpus = new ArrayList<>(GeneratedCorpus.build());
        corpus.addAll(HandWrittenCorpus.load());
        List<RuleSetRun> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<RuleSetRun>> futures = new ArrayList<>();
            for (RuleSet rs : corpus) futures.add(pool.submit(() -> RuleSetRun.run(rs, tools)));
            // every rule set runs to its end (and deletes its namespaces) even when another one failed
            for (int i = 0; i < futures.size(); i++) {
                try {
                    runs.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    failures.add(corpus.get(i).name() + ": " + e.getCause());
                }
            }
        } finally {
            pool.shutdown();
        }
        assertThat(failures).as("rule sets that could not run").isEmpty();
        assertThat(Namespaces.live()).as("namespaces left behind").isEmpty();

        int generated = 0, hand = 0, connections = 0, multi = 0, collisions = 0;
        int[] verdicts = new int[Verdict.values().length];
        int dnat = 0, masq = 0;
        List<String> mismatches = new ArrayList<>();
        for (RuleSetRun r : runs) {
            int n = r.ruleSet().flows().size();
            if (r.ruleSet().generated()) generated += n;
            else hand += n;
            connections += r.connections();
            collisions += r.portCollisions();
            mismatches.addAll(r.mismatches());
            for (KdpPrediction p : r.predictions()) {
                if (p.outcomes().size() > 1) multi++;
                for (FlowOutcome o : p.outcomes()) {
                    verdicts[o.verdict().ordinal()]++;
                    if (o.dnat() != null) dnat++;
                    if (o.masquerade()) masq++;
                }
            }
            System.out.printf("conformance: %-20s %3d flows %5d connections %6d ms %d mismatches%n",
                    r.ruleSet().name(), n, r.connections(), r.millis(), r.mismatches().size());
        }
        System.out.printf("conformance: %d flows (%d generated, %d hand-written), %d mismatches; %d connections, "
                        + "%d flows with random branches; %d random-fully port collisions; iptables backend %s%n",
                generated + hand, generated, hand, mismatches.size(), connections, multi, collisions, tools.backend());
        for (String m : mismatches) System.out.println("MISMATCH " + m);

        assertThat(generated + hand).as("flows in the corpus").isGreaterThanOrEqualTo(300);
        // the corpus exercises every kind of outcome, so that agreement is not vacuous
        assertThat(verdicts[Verdict.DROP.ordinal()]).as("DROP outcomes").isGreaterThanOrEqualTo(10);
        assertThat(verdicts[Verdict.REJECT.ordinal()]).as("REJECT outcomes").isGreaterThanOrEqualTo(10);
        assertThat(dnat).as("DNAT outcomes").isGreaterThanOrEqualTo(200);
        assertThat(masq).as("masquerade outcomes").isGreaterThanOrEqualTo(50);
        assertThat(multi).as("flows with several outcomes").isGreaterThanOrEqualTo(50);
        assertThat(mismatches).as("flows where kdp and the kernel disagree").isEmpty();
    }
}
