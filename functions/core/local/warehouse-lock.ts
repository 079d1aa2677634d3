/**
 * One run at a time per warehouse: a lock file created exclusively. A lock
 * left by a process that no longer exists is taken over, so a crash never
 * needs manual clean-up.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError } from '../errors.js';

class WarehouseLockedError extends PipelineError {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws naming the process that holds it. */
async function acquireWarehouseLock(warehouseDir: string): Promise<() => Promise<void>> {
  const path = join(warehouseDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && processAlive(holder)) {
        throw new WarehouseLockedError(
          `another run (pid ${holder}) is using ${warehouseDir}; ` +
            `wait for it to finish (lock file ${path})`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new WarehouseLockedError(`could not lock ${warehouseDir}`);
}

export { acquireWarehouseLock, WarehouseLockedError };
