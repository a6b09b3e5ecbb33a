// Command-line options of the sandbox (see README.md for the contract).
const ALGS = new Set(['RS256', 'ES256', 'PS256']);

const USAGE = `usage: main.mjs [--port N] [--upstream-port N] [--alg RS256|ES256|PS256]
                [--demo] [--urls-file PATH] [--state-dir DIR] [--poll-interval S] [--verbose]`;

function portValue(name, value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} needs a port number between 0 and 65535, not "${value}"`);
  }
  return port;
}

export function parseOptions(argv) {
  const options = {
    port: 0,
    upstreamPort: 0,
    alg: 'RS256',
    demo: false,
    urlsFile: null,
    stateDir: null,
    pollInterval: 5,
    verbose: false,
  };
  const args = [...argv];
  const valueOf = (name) => {
    if (args.length === 0 || args[0].startsWith('--')) {
      throw new Error(`${name} needs a value`);
    }
    return args.shift();
  };
  while (args.length) {
    const arg = args.shift();
    switch (arg) {
      case '--port': options.port = portValue(arg, valueOf(arg)); break;
      case '--upstream-port': options.upstreamPort = portValue(arg, valueOf(arg)); break;
      case '--alg': {
        const alg = valueOf(arg);
        if (!ALGS.has(alg)) {
          throw new Error(`--alg must be one of ${[...ALGS].join(', ')}, not "${alg}"`);
        }
        options.alg = alg;
        break;
      }
      case '--demo': options.demo = true; break;
      case '--urls-file': options.urlsFile = valueOf(arg); break;
      case '--state-dir': options.stateDir = valueOf(arg); break;
      case '--poll-interval': {
        const seconds = Number(valueOf(arg));
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) {
          throw new Error('--poll-interval needs a whole number of seconds between 1 and 60');
        }
        options.pollInterval = seconds;
        break;
      }
      case '--verbose': options.verbose = true; break;
      case '--help': case '-h':
        process.stderr.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}

export function isSupportedAlg(alg) {
  return ALGS.has(alg);
}
