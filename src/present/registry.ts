// The public JSON shapes are zod schemas registered here under their OpenAPI component names: the
// presentation functions are typed by them, and the OpenAPI document lists them (components.schemas).
import { z } from 'zod';

export const publicShapes = z.registry<{ id: string; description: string }>();

/** A shape of the public JSON, registered under `id`. */
export function shape<T extends z.ZodType>(id: string, description: string, schema: T): T {
  publicShapes.add(schema, { id, description });
  return schema;
}
