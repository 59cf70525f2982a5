package io.kdp.linux.trace;

/**
 * Receives every step the emulated kernel takes. Callers guard with {@link #enabled()} so that
 * with tracing off no step object is built and the per-packet path allocates nothing for it:
 * <pre>{@code if (tracer.enabled()) tracer.step(ns.name(), new Step.Rule(...)); }</pre>
 */
public interface Tracer {
    /** Whether steps are wanted. */
    boolean enabled();

    /** Records a step taken on {@code host} (a network namespace name). */
    void step(String host, Step step);

    /** The tracer that wants nothing. */
    Tracer OFF = new Tracer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void step(String host, Step step) {}
    };
}
