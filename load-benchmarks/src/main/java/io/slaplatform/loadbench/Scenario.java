package io.slaplatform.loadbench;

/** One benchmark scenario: starts what it needs on the run's stack, measures, and adds its figures to the report. */
interface Scenario {

    /** The name on the command line, e.g. {@code timers}. */
    String name();

    void run(BenchStack stack, Report report) throws Exception;
}
