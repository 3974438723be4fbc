import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Benches run compiled (dist/native-bench/*.js) but read and write files that
// live beside the sources: the C floor's source and build directory, and the
// committed reports. This maps either location to the source directory.
const here = path.dirname(fileURLToPath(import.meta.url));
const compiledSuffix = path.join('dist', 'native-bench');

/** native-bench/ in the source tree, whether running from dist/ or from source. */
export const kBenchSourceDir = here.endsWith(compiledSuffix)
  ? path.join(here, '..', '..', 'native-bench')
  : here;

export const kReportsDir = path.join(kBenchSourceDir, 'reports');
export const kCSourcePath = path.join(kBenchSourceDir, 'c', 'spsc_ring.c');
/** Gitignored; rebuilt at bench time. */
export const kCBuildDir = path.join(kBenchSourceDir, 'c', 'build');
