package dev.jasyncio.bench;

import java.util.List;

/**
 * How the harness starts one peer: the command it appends {@code WORKLOAD N WARMUPS RUNS
 * [SERVICE]} (or {@code --list}) to, per {@link PeerMain}'s line protocol.
 *
 * @param name the column's name, for {@code --peers}
 * @param what runtime and version, for the table's legend
 * @param command the program and its leading arguments
 * @param jvm whether there is a JIT to warm up (a quick run skips warm-ups elsewhere)
 */
record PeerProcess(String name, String what, List<String> command, boolean jvm) {}
