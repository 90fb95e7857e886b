// Preloaded into a server child process (NODE_OPTIONS=--import …) by tests of the process policy:
// on SIGUSR2 it makes the error NOODBED_FAULT names, as a bug deep in the server would, so the test
// sees what the real program does with it. Plain JavaScript: it loads before tsx.
process.on('SIGUSR2', () => {
  if (process.env.NOODBED_FAULT === 'exception') {
    setTimeout(() => {
      throw new Error('injected uncaught exception');
    });
  } else {
    void Promise.reject(new Error('injected unhandled rejection'));
  }
});
