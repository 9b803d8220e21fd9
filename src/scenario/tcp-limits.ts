/**
 * How many machines `run --mode tcp` starts on one host: each is its own Node process (about
 * 53 MB peak RSS, ~145 ms of start-up CPU). 64 is the most the README's capacity notes saw run
 * with every tick made and a passing check; far more only fills the host with processes. Kept
 * free of imports: `run --help` names it without loading the scenario schema.
 */
export const tcpMachineCountMax = 64;
