// Logging for the sandbox. stdout carries exactly one line, READY, so every
// other line, including oidc-provider's own notices (it writes those with
// console.info), goes to stderr.
console.info = console.error;
console.log = console.error;

// The tenant reads token requests itself (for `audience`, JSON bodies and
// polling intervals) before oidc-provider does, which it notices once per
// process; that notice is expected and would only confuse a reader.
const warn = console.warn;
console.warn = (...args) => {
  if (!String(args[0]).includes('already parsed request body detected')) {
    warn(...args);
  }
};

let verbose = false;

export function setVerbose(on) {
  verbose = on;
}

export function log(event, details = {}) {
  process.stderr.write(`sandbox ${event} ${JSON.stringify(details)}\n`);
}

export function debug(event, details = {}) {
  if (verbose) {
    log(event, details);
  }
}

export function announceReady(info) {
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}
