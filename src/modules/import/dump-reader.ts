/**
 * Streams the records of a Django `dumpdata` file (one JSON array of `{model, pk, fields}` objects)
 * without holding the file in memory: a byte scanner finds where each top-level object starts and
 * ends, and only that object's text is handed to `JSON.parse`. Memory is bounded by the largest
 * record, not by the file. Structural characters are ASCII and never occur inside a UTF-8 multi-byte
 * sequence, so scanning bytes is safe for any text in the dump.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

export interface DumpRecord {
  /** `app_label.modelname`, lower case as Django writes it. */
  model: string;
  /** Absent when the dump was made with `--natural-primary` for a model with a natural key. */
  pk?: unknown;
  fields: Record<string, unknown>;
  /** Position in the array, from 0: named in errors about records without a usable pk. */
  index: number;
}

export interface SkippedRecord {
  model: string;
  index: number;
  skipped: true;
}

export interface ReadOptions {
  /** Records of models it accepts are not parsed, only reported (the model name is read from their start). */
  skip?: (model: string) => boolean;
  /** Called with the bytes read so far, at most once per chunk. */
  onBytes?: (bytesRead: number) => void;
  highWaterMark?: number;
}

export class DumpFormatError extends Error {}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Django writes "model" first; when it is not near the start, the record is parsed in full. */
const MODEL_AT_START = /^\{\s*"model"\s*:\s*"([^"\\]*)"/;

export async function dumpSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DumpFormatError(`${path} is not a file.`);
    return info.size;
  } catch (error) {
    if (error instanceof DumpFormatError) throw error;
    throw new DumpFormatError(
      `Cannot read the dump ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/** Yields every record of the array in order; skipped models come back as `SkippedRecord`. */
export async function* readDump(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<DumpRecord | SkippedRecord> {
  const stream = createReadStream(path, { highWaterMark: options.highWaterMark ?? 1 << 20 });
  let arrayOpen = false;
  let arrayClosed = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let index = 0;
  let bytesRead = 0;
  let expectValue = true;

  const finish = (text: Buffer): DumpRecord | SkippedRecord => {
    const at = index++;
    if (options.skip) {
      const head = MODEL_AT_START.exec(text.subarray(0, 256).toString("latin1"));
      if (head?.[1] !== undefined && options.skip(head[1])) {
        return { model: head[1], index: at, skipped: true };
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(text.toString("utf8"));
    } catch (error) {
      throw new DumpFormatError(`Record ${at} of the dump is not valid JSON: ${(error as Error).message}`);
    }
    const record = value as { model?: unknown; pk?: unknown; fields?: unknown };
    if (typeof record.model !== "string" || !record.model.includes(".")) {
      throw new DumpFormatError(`Record ${at} of the dump has no "model" of the form app_label.modelname.`);
    }
    const fields = record.fields ?? {};
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw new DumpFormatError(`Record ${at} (${record.model}) has "fields" that are not an object.`);
    }
    return {
      model: record.model.toLowerCase(),
      pk: record.pk,
      fields: fields as Record<string, unknown>,
      index: at,
    };
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    let recordStart = depth >= 2 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
        continue;
      }
      if (depth === 0) {
        if (isWhitespace(byte)) continue;
        if (arrayClosed) throw new DumpFormatError("The dump has text after its closing ']'.");
        if (arrayOpen || byte !== OPEN_BRACKET) {
          throw new DumpFormatError("The dump is not a JSON array (as `manage.py dumpdata` writes).");
        }
        arrayOpen = true;
        depth = 1;
        continue;
      }
      if (depth === 1) {
        if (isWhitespace(byte)) continue;
        if (byte === COMMA && !expectValue) {
          expectValue = true;
          continue;
        }
        if (byte === CLOSE_BRACKET) {
          depth = 0;
          arrayClosed = true;
          continue;
        }
        if (byte !== OPEN_BRACE || !expectValue) {
          throw new DumpFormatError(`Record ${index} of the dump is not an object.`);
        }
        depth = 2;
        recordStart = i;
        expectValue = false;
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 1) {
          const tail = chunk.subarray(recordStart, i + 1);
          const text = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
          parts = [];
          recordStart = -1;
          yield finish(text);
        }
      }
    }
    // An object still open at the end of the chunk continues in the next one.
    if (depth >= 2 && recordStart >= 0) parts.push(chunk.subarray(recordStart));
    options.onBytes?.(bytesRead);
  }
  if (!arrayOpen) throw new DumpFormatError("The dump is empty: expected a JSON array.");
  if (!arrayClosed) throw new DumpFormatError("The dump ends before its closing ']' (truncated file?).");
}
