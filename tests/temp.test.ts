import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, processAlive, sweepTempDirs } from '../scripts/temp.ts';
import { ROOT, tempDir } from './helpers.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A pid that certainly belonged to a process that has ended. */
function deadPid(): number {
  const pid = spawnSync('true').pid!;
  expect(processAlive(pid)).toBe(false);
  return pid;
}

describe('makeTempDir', () => {
  it('creates <tmpdir>/paparan-<kind>-<pid>-XXXXXX, private and new each time', () => {
    const a = makeTempDir('marp');
    const b = makeTempDir('marp');
    made.push(a, b);
    expect(dirname(a)).toBe(tmpdir());
    expect(basename(a)).toMatch(new RegExp(`^paparan-marp-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(a).not.toBe(b);
    expect(statSync(a).isDirectory()).toBe(true);
    expect(statSync(a).mode & 0o777).toBe(0o700);
  });

  it('makes the folder in the parent given', () => {
    const parent = tempDir();
    made.push(parent);
    expect(dirname(makeTempDir('unpack', parent))).toBe(parent);
  });

  it('refuses a kind that would break the name pattern', () => {
    for (const kind of ['', 'Marp', 'a-b', '../x', '1']) expect(() => makeTempDir(kind), kind).toThrow(/lower-case letters/);
  });
});

describe('sweepTempDirs', () => {
  it('removes the folders of ended processes and keeps those of live ones and every other name', async () => {
    const parent = tempDir();
    made.push(parent);
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const dead = deadPid();
      const dirs = {
        ownLive: `paparan-marp-${process.pid}-aB3dE6`,
        otherLive: `paparan-profile-${sleeper.pid}-Qw12Er`,
        dead: `paparan-marp-${dead}-zZ9yY8`,
        deadProfile: `paparan-profile-${dead}-k2L3m4`,
        testHelper: 'paparan-test-Ab12Cd',
        chromium: 'paparan-chromium-138.0.2-u0',
        noise: 'something-else',
      };
      for (const name of Object.values(dirs)) {
        mkdirSync(join(parent, name));
        writeFileSync(join(parent, name, 'deck.md'), 'a full copy of the talk');
      }
      mkdirSync(join(parent, dirs.deadProfile, 'Default', 'Cache'), { recursive: true });
      // A file (not a folder) with a matching name is not ours to judge.
      writeFileSync(join(parent, `paparan-marp-${dead}-fIlE00`), 'x');

      sweepTempDirs(parent);

      expect(readdirSync(parent).sort()).toEqual(
        [dirs.ownLive, dirs.otherLive, dirs.testHelper, dirs.chromium, dirs.noise, `paparan-marp-${dead}-fIlE00`].sort(),
      );
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('sweeps the temp folder of a build killed with SIGKILL, on the next run', async () => {
    const parent = tempDir();
    made.push(parent);
    // A child that makes its temp folder (in its own TMPDIR), fills it, and waits to be killed.
    const script = `import { writeFileSync } from 'node:fs';
import { makeTempDir } from ${JSON.stringify(join(ROOT, 'scripts', 'temp.ts'))};
const dir = makeTempDir('marp');
writeFileSync(dir + '/deck.md', 'talk');
console.log(dir);
setInterval(() => undefined, 1000);`;
    writeFileSync(join(parent, 'child.mts'), script);
    const child = spawn(process.execPath, ['--import', 'tsx', join(parent, 'child.mts')], { cwd: ROOT, env: { ...process.env, TMPDIR: parent }, stdio: ['ignore', 'pipe', 'inherit'] });
    const dir = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
    expect(dirname(dir)).toBe(parent);
    // While the build runs, its folder is kept.
    sweepTempDirs(parent);
    expect(existsSync(join(dir, 'deck.md'))).toBe(true);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    sweepTempDirs(parent);
    expect(existsSync(dir)).toBe(false);
  });

  it('never throws, even on a parent that does not exist', () => {
    expect(() => sweepTempDirs(join(tmpdir(), 'paparan-no-such-parent-xyz'))).not.toThrow();
  });
});

describe('processAlive', () => {
  it('knows this process, an ended one and nonsense', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
    expect(processAlive(Number.NaN)).toBe(false);
  });
});
