// The plain shapes of stored records, in Mongoose's own terms: what a lean read gives and what a
// create takes. InferSchemaType describes sub-documents as hydrated documents (DocumentArray…),
// which neither a lean read nor a literal is.
import type { ApplyBasicCreateCasting, DeepPartial, Require_id } from 'mongoose';

/** What `Model<Stored>.create` takes: sub-document arrays as plain arrays, any field left to its default. */
export type NewDocument<Stored> = DeepPartial<ApplyBasicCreateCasting<Require_id<Stored>>>;
