package io.kdp.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kdp.k8s.model.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {
    static final ServicePortName NAME = new ServicePortName("ns", "svc", "p", Protocol.TCP);

    static ServicePortInfo svc(boolean etpLocal, boolean itpLocal, int nodePort) {
        return new ServicePortInfo(NAME, "10.96.0.1", 80, nodePort, List.of(), List.of(), List.of(), false, 0, etpLocal, itpLocal, 0);
    }

    static EndpointInfo ep(String ip, boolean local, boolean ready, boolean serving, boolean terminating) {
        return new EndpointInfo(ip, 80, local, ready, serving, terminating, null, null);
    }

    static final EndpointInfo LOCAL_READY = ep("10.0.0.1", true, true, true, false);
    static final EndpointInfo REMOTE_READY = ep("10.0.0.2", false, true, true, false);
    static final EndpointInfo LOCAL_TERMINATING = ep("10.0.0.3", true, false, true, true);
    static final EndpointInfo REMOTE_TERMINATING = ep("10.0.0.4", false, false, true, true);
    static final EndpointInfo REMOTE_NOT_SERVING = ep("10.0.0.5", false, false, false, true);

    @Test
    void clusterPolicyUsesReadyEndpointsOnly() {
        EndpointCategories c = Topology.categorize(List.of(LOCAL_READY, REMOTE_READY, LOCAL_TERMINATING), svc(false, false, 0));
        assertThat(c.clusterEndpoints()).containsExactly(LOCAL_READY, REMOTE_READY);
        assertThat(c.localEndpoints()).isNull();
        assertThat(c.allReachableEndpoints()).containsExactly(LOCAL_READY, REMOTE_READY);
        assertThat(c.hasAnyEndpoints()).isTrue();
    }

    @Test
    void clusterPolicyFallsBackToServingTerminating() {
        EndpointCategories c = Topology.categorize(List.of(LOCAL_TERMINATING, REMOTE_TERMINATING, REMOTE_NOT_SERVING), svc(false, false, 0));
        assertThat(c.clusterEndpoints()).containsExactly(LOCAL_TERMINATING, REMOTE_TERMINATING);
        assertThat(c.hasAnyEndpoints()).isTrue();
    }

    @Test
    void nothingUsable() {
        EndpointCategories c = Topology.categorize(List.of(REMOTE_NOT_SERVING), svc(false, false, 0));
        assertThat(c.clusterEndpoints()).isEmpty();
        assertThat(c.hasAnyEndpoints()).isFalse();
    }

    @Test
    void internalLocalOnlyUsesLocalEndpoints() {
        EndpointCategories c = Topology.categorize(List.of(LOCAL_READY, REMOTE_READY), svc(false, true, 0));
        assertThat(c.clusterEndpoints()).isNull();
        assertThat(c.localEndpoints()).containsExactly(LOCAL_READY);
        assertThat(c.allReachableEndpoints()).containsExactly(LOCAL_READY);
    }

    @Test
    void internalLocalWithoutLocalEndpointsStillHasEndpointsSomewhere() {
        EndpointCategories c = Topology.categorize(List.of(REMOTE_READY), svc(false, true, 0));
        assertThat(c.localEndpoints()).isNull();
        assertThat(c.hasAnyEndpoints()).isTrue();
        assertThat(c.allReachable()).isEmpty();
    }

    @Test
    void externalLocalUsesBothAndClusterIsSuperset() {
        EndpointCategories c = Topology.categorize(List.of(LOCAL_READY, REMOTE_READY), svc(true, false, 30000));
        assertThat(c.clusterEndpoints()).containsExactly(LOCAL_READY, REMOTE_READY);
        assertThat(c.localEndpoints()).containsExactly(LOCAL_READY);
        assertThat(c.allReachableEndpoints()).containsExactly(LOCAL_READY, REMOTE_READY);
    }

    @Test
    void externalLocalWithOnlyTerminatingLocalMergesBothLists() {
        EndpointCategories c = Topology.categorize(List.of(REMOTE_READY, LOCAL_TERMINATING), svc(true, false, 30000));
        assertThat(c.clusterEndpoints()).containsExactly(REMOTE_READY);
        assertThat(c.localEndpoints()).containsExactly(LOCAL_TERMINATING);
        assertThat(c.allReachableEndpoints()).containsExactly(REMOTE_READY, LOCAL_TERMINATING);
    }

    @Test
    void externalLocalIgnoredWhenNotExternallyAccessible() {
        ServicePortInfo s = svc(true, false, 0);
        assertThat(s.usesLocalEndpoints()).isFalse();
        assertThat(Topology.categorize(List.of(LOCAL_READY), s).localEndpoints()).isNull();
    }
}
