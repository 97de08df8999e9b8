/**
 * A value as text, close to what the Deno kernel shows for it (`Deno.inspect`): strings bare at
 * the top and quoted inside, typed arrays with their type and length, objects and arrays with
 * spaces inside the brackets, long arrays cut after 100 entries, nesting after depth 4.
 * @module
 */

const MAX_ENTRIES = 100;
const MAX_DEPTH = 4;

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}

function list(items: string[], more: number, open: string, close: string): string {
  if (more > 0) items.push(`... ${more} more item${more === 1 ? "" : "s"}`);
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(", ")} ${close}`;
  if (flat.length <= 76 && !flat.includes("\n")) return flat;
  return `${open}\n${items.map((i) => "  " + i.replace(/\n/g, "\n  ")).join(",\n")}\n${close}`;
}

function inner(value: unknown, depth: number, seen: Set<object>): string {
  if (typeof value === "string") return JSON.stringify(value);
  return show(value, depth, seen);
}

function show(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return `[${
        /^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "Function"
      }: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  const object = value as object;
  if (seen.has(object)) return "[Circular]";
  if (object instanceof Error) return object.stack ?? `${object.name}: ${object.message}`;
  if (object instanceof Date) return object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (depth > MAX_DEPTH) return Array.isArray(object) ? "[Array]" : "[Object]";
  seen.add(object);
  try {
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const a = object as unknown as ArrayLike<number | bigint> & { constructor: { name: string } };
      const shown = Array.from(
        { length: Math.min(a.length, MAX_ENTRIES) },
        (_, i) => show(a[i], depth + 1, seen),
      );
      return `${a.constructor.name}(${a.length}) ` +
        list(shown, a.length - shown.length, "[", "]");
    }
    if (Array.isArray(object)) {
      const shown = object.slice(0, MAX_ENTRIES).map((v) => inner(v, depth + 1, seen));
      return list(shown, object.length - shown.length, "[", "]");
    }
    if (object instanceof Map) {
      const shown = [...object].slice(0, MAX_ENTRIES).map(([k, v]) =>
        `${inner(k, depth + 1, seen)} => ${inner(v, depth + 1, seen)}`
      );
      return `Map(${object.size}) ` + list(shown, object.size - shown.length, "{", "}");
    }
    if (object instanceof Set) {
      const shown = [...object].slice(0, MAX_ENTRIES).map((v) => inner(v, depth + 1, seen));
      return `Set(${object.size}) ` + list(shown, object.size - shown.length, "{", "}");
    }
    const entries = Object.keys(object);
    const shown = entries.slice(0, MAX_ENTRIES).map((k) =>
      `${key(k)}: ${inner((object as Record<string, unknown>)[k], depth + 1, seen)}`
    );
    const name = Object.getPrototypeOf(object)?.constructor?.name;
    const prefix = name && name !== "Object" ? `${name} ` : "";
    return prefix + list(shown, entries.length - shown.length, "{", "}");
  } finally {
    seen.delete(object);
  }
}

/** The text of a value as `console.log` would print it (strings as they are). */
export function inspect(value: unknown): string {
  return show(value, 0, new Set());
}
