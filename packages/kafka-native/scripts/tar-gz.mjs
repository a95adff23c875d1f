// Reads a gzip-compressed tar archive (the form npm publishes packages in) into memory: the regular files with
// their paths, modes and contents. Knows ustar headers, pax extended headers (long paths) and GNU long names;
// directories, links and anything else are reported with their type and no use is made of them.
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

/** A NUL-terminated string field of a header. */
function field(block, start, length) {
  const end = block.indexOf(0, start);
  const stop = end === -1 || end > start + length ? start + length : end;
  return block.toString('utf8', start, stop);
}

/** An octal number field of a header (sizes past 8 GB, in base-256, are refused). */
function octal(block, start, length, what) {
  if (block[start] & 0x80) throw new Error(`tar: ${what} in base-256 (an entry over 8 GB) is not supported`);
  const text = field(block, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`tar: ${what} "${text}" is not an octal number`);
  return parseInt(text, 8);
}

/** The header's checksum: the sum of its bytes with the checksum field itself read as spaces. */
function checksumOf(block) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return sum;
}

/** The records of a pax extended header ("<length> <key>=<value>\n" each). */
function paxRecords(body) {
  const records = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(body.toString('utf8', offset, space), 10);
    if (!(length > 0)) throw new Error('tar: a pax record has no length');
    const record = body.toString('utf8', space + 1, offset + length - 1);
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/**
 * The entries of a .tar.gz: `{ path, type: 'file' | 'directory' | 'other', mode, data }`, in archive order.
 * Throws on a damaged archive (bad checksum, truncated entry).
 */
export function readTarGz(compressed) {
  const tar = gunzipSync(compressed);
  const entries = [];
  let offset = 0;
  let nextPath;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const recorded = octal(header, 148, 8, 'checksum');
    if (recorded !== checksumOf(header)) throw new Error(`tar: bad header checksum at byte ${offset}`);
    const size = octal(header, 124, 12, 'size');
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    if (data.length !== size) throw new Error(`tar: the archive ends inside an entry (byte ${offset})`);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      nextPath = paxRecords(data).path ?? nextPath;
      continue;
    }
    if (type === 'L') {
      nextPath = field(data, 0, data.length);
      continue;
    }
    if (type === 'g') continue;

    let path = field(header, 0, 100);
    const prefix = field(header, 257, 6).startsWith('ustar') ? field(header, 345, 155) : '';
    if (prefix !== '') path = `${prefix}/${path}`;
    if (nextPath !== undefined) path = nextPath;
    nextPath = undefined;
    const kind = type === '0' || type === '7' ? 'file' : type === '5' ? 'directory' : 'other';
    entries.push({ path, type: kind, mode: octal(header, 100, 8, 'mode'), data });
  }
  return entries;
}
