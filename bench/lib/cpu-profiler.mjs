// Preloaded into a server (NODE_OPTIONS=--import …) by `BENCH_CPU_PROF=1 npm run bench:guard`:
// Node refuses --cpu-prof in NODE_OPTIONS, so this starts the V8 profiler itself and writes
// BENCH_CPU_PROF_FILE when the process exits (the in-process inspector session answers synchronously).
import fs from 'node:fs';
import inspector from 'node:inspector';

const file = process.env.BENCH_CPU_PROF_FILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROF_INTERVAL_US || 200) });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
