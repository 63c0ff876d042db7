import { parseOptions, UsageError, DEFAULT_PORT } from '../../../src/local/server/options';

describe('npm start options', () => {
  it('defaults: port 8080 on 127.0.0.1 only, state in .handoff-data, seeded, sidebar calls run as the person', () => {
    expect(parseOptions([])).toEqual({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      dataDir: '.handoff-data',
      reset: false,
      seed: true,
      sidebarRunsAs: 'person',
      workers: 2,
      help: false,
    });
  });

  it('PORT and HOST from the environment; flags win over them', () => {
    expect(parseOptions([], { PORT: '9001', HOST: '0.0.0.0' })).toMatchObject({ port: 9001, host: '0.0.0.0' });
    expect(parseOptions(['--port', '9002'], { PORT: '9001' }).port).toBe(9002);
    expect(parseOptions(['--port=0']).port).toBe(0);
  });

  it('--reset, --data, --no-data, --no-seed, --sidebar-runs-as, --workers', () => {
    expect(parseOptions(['--reset', '--data', '/tmp/x', '--no-seed', '--sidebar-runs-as', 'owner'])).toMatchObject({
      reset: true,
      dataDir: '/tmp/x',
      seed: false,
      sidebarRunsAs: 'owner',
    });
    expect(parseOptions(['--no-data']).dataDir).toBeNull();
    expect(parseOptions(['--workers', '3']).workers).toBe(3);
  });

  it('bad input names the problem and shows the usage', () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['--port', 'eighty'], /--port must be a port number.*"eighty"/],
      [['--port', '70000'], /--port must be a port number/],
      [['--port'], /--port needs a value/],
      [['--frobnicate'], /Unknown option "--frobnicate"/],
      [['--sidebar-runs-as', 'root'], /must be "person" or "owner"/],
      [['--workers', '0'], /--workers must be a number from 1 to 16, got "0"/],
      [[], /PORT must be a port number/, { PORT: 'abc' }],
    ];
    for (const [argv, re, env] of cases) {
      let err: unknown;
      try {
        parseOptions(argv, env ?? {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).toContain('Usage: npm start');
    }
  });
});
