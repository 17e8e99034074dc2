// A stand-in for the parse pool's worker (src/pipeline/parse-worker.ts) that fails as it loads, as a
// thread does when it cannot start: whatever was posted to it is never answered.
throw new Error('this parse thread fails as it starts');
