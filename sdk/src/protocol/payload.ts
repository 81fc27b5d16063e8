// Values carried on the wire: arguments, results and details are plain JSON (undefined leaves a field out).

/** A JSON value: what arguments, results, details, memos and search attribute values are on the wire. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An argument, result or detail value. `undefined` is carried by leaving the field out. */
export type Payload = JsonValue | undefined;
