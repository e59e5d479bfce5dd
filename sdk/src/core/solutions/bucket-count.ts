import { MAX_BUCKET_COUNT } from "../bucketing";
import { CoreError } from "../core-error";

export function assertBucketCount(bucketCount: number): void {
  if (!Number.isInteger(bucketCount) || bucketCount < 1 || bucketCount > MAX_BUCKET_COUNT) {
    throw new CoreError("bad_request", `The bucket count must be a whole number from 1 to ${MAX_BUCKET_COUNT}, got ${bucketCount}`);
  }
}
