/** One entry of a tar archive. */
export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'other';
  mode: number;
  data: Buffer;
}

/** The entries of a .tar.gz, in archive order; throws on a damaged archive. */
export function readTarGz(compressed: Buffer): TarEntry[];
