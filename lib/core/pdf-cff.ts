/**
 * A font subset's CFF table written faster, the same bytes out (issue 15: a unit's 一人一档).
 * Noto CJK has ≈ 45,000 local subroutines in two of its font dicts, and fontkit writes every
 * subroutine index in full in every document's subset (unused ones as a 1-byte `return`): per
 * entry a new array, a generic size through restructure (fontkit's binary encoder) twice, and an
 * offset written through a method name built for each number. That was ≈ 40 % of a person's PDF.
 */
import * as restructure from "restructure";

/**
 * Each document's font subset: fontkit's, but an unused subroutine is one shared 1-byte
 * `return` instead of a new one. Noto CJK has ≈ 45,000 local subroutines, so fontkit allocated
 * that many small arrays for every font of every document; most of a subset's time (and of the
 * garbage collector's) went there. The bytes written are the same.
 */
export function fastSubsets(font: { createSubset: () => object }): void {
  const Subset = Object.getPrototypeOf(font.createSubset()).constructor as new (
    f: unknown,
  ) => {
    cff: { stream: { pos: number; readBuffer: (n: number) => Uint8Array } };
  };
  const RETURN = new Uint8Array([11]);
  // Per subroutine index of the font: as many `return`s, copied for each subset.
  const returns = new WeakMap<object, Uint8Array[]>();
  class SharedReturnSubset extends Subset {
    subsetSubrs(subrs: { offset: number; length: number }[], used: Record<number, boolean>): Uint8Array[] {
      let base = returns.get(subrs);
      if (!base) {
        base = new Array<Uint8Array>(subrs.length).fill(RETURN);
        returns.set(subrs, base);
      }
      const out = base.slice();
      for (const key in used) {
        const i = Number(key);
        const subr = subrs[i];
        if (!used[i] || !subr) continue;
        this.cff.stream.pos = subr.offset;
        out[i] = this.cff.stream.readBuffer(subr.length);
      }
      return out;
    }
  }
  font.createSubset = () => new SharedReturnSubset(font);
}

type Bytes = Uint8Array;
interface Stream {
  buffer: Bytes;
  pos: number;
  writeUInt16BE(v: number): void;
  writeUInt8(v: number): void;
}
interface CffIndex {
  type: unknown;
  size(arr: unknown[], parent: unknown): number;
  encode(stream: Stream, arr: unknown[], parent: unknown): void;
}

/** An index of raw byte strings: its offset size (1–4 bytes) and the offset past its data (1-based, as CFF counts). */
interface Layout {
  offSize: number;
  end: number;
}

// fontkit sizes an index several times before it writes it (the pointers to it are sized first).
const layouts = new WeakMap<unknown[], Layout | null>();

/** The layout of an index of byte strings, once per array; null when an item is not bytes. */
function layoutOf(arr: unknown[]): Layout | null {
  let l = layouts.get(arr);
  if (l !== undefined) return l;
  let end = 1;
  for (let i = 0; i < arr.length; i++) {
    const b = arr[i];
    if (!(b instanceof Uint8Array)) {
      end = -1;
      break;
    }
    end += b.length;
  }
  if (end > 0xffffffff) throw new Error("Bad offset in CFFIndex");
  l = end < 0 ? null : { offSize: end <= 0xff ? 1 : end <= 0xffff ? 2 : end <= 0xffffff ? 3 : 4, end };
  layouts.set(arr, l);
  return l;
}

/**
 * fontkit's CFFIndex for an index of raw byte strings (the subroutines, no item type): sized once
 * and written in one pass; anything else goes the way it went.
 */
function fastIndex(proto: CffIndex): void {
  const { size, encode } = proto;
  proto.size = function (arr, parent) {
    const l = this.type == null && arr.length > 0 ? layoutOf(arr) : null;
    if (!l) return size.call(this, arr, parent);
    return 2 + 1 + l.offSize * (arr.length + 1) + l.end - 1;
  };
  proto.encode = function (stream, arr, parent) {
    const l = this.type == null && arr.length > 0 ? layoutOf(arr) : null;
    if (!l) return encode.call(this, stream, arr, parent);
    const items = arr as Bytes[];
    const { offSize } = l;
    stream.writeUInt16BE(items.length);
    stream.writeUInt8(offSize);
    const out = stream.buffer;
    let pos = stream.pos;
    let offset = 1;
    for (let i = 0; i <= items.length; i++) {
      for (let k = offSize - 1; k >= 0; k--) out[pos++] = (offset >>> (8 * k)) & 0xff;
      if (i < items.length) offset += items[i]!.length;
    }
    for (const b of items) {
      out.set(b, pos);
      pos += b.length;
    }
    stream.pos = pos;
  };
}

let patched = false;

/**
 * Installs the fast paths once: restructure's numbers keep their method names; fontkit's
 * CFFIndex (not exported) is found the first time a CFF pointer to one is sized — a private
 * dict's `Subrs` — and given `fastIndex`.
 */
export function fastCff(): void {
  if (patched) return;
  patched = true;
  type Num = { fn: string; w?: string; r?: string };
  const num = Object.getPrototypeOf(restructure.uint8) as Num & {
    encode: (this: Num, s: Record<string, (v?: number) => unknown>, v: number) => unknown;
    decode: (this: Num, s: Record<string, () => unknown>) => unknown;
  };
  num.encode = function (stream, val) {
    this.w ??= `write${this.fn}`;
    return stream[this.w]!(val);
  };
  num.decode = function (stream) {
    this.r ??= `read${this.fn}`;
    return stream[this.r]!();
  };
  const pointer = restructure.Pointer.prototype as unknown as { type: unknown; size: (...a: unknown[]) => number };
  const pointerSize = pointer.size;
  pointer.size = function (...a) {
    const target = this.type && Object.getPrototypeOf(this.type);
    if (target && typeof target.getCFFVersion === "function") {
      fastIndex(target as CffIndex);
      pointer.size = pointerSize;
    }
    return pointerSize.apply(this, a);
  };
}
