// Figures about a process from Linux's /proc, shared by the benchmarks.

const fs = require("node:fs");

/** Seconds a process's threads have spent ready to run but waiting for a core (schedstat), or null. */
function runQueueWaitSeconds(pid) {
  if (!pid) return null;
  try {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[1]);
      } catch {
        // the thread ended meanwhile
      }
    }
    return ns / 1e9;
  } catch {
    return null;
  }
}

module.exports = { runQueueWaitSeconds };
