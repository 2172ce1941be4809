// The workers' queue-depth scaling defaults: the tier scales on them, and the observability tier's queue depth
// alarm defaults to the scale-out one when the platform has no workers to read it from.

/** Queue depth at or above which each zone's group adds workers (`queueDepthScaleOutThreshold`). */
export const DEFAULT_QUEUE_DEPTH_SCALE_OUT = 10_000;
/** Queue depth at or below which each zone's group removes a worker (`queueDepthScaleInThreshold`). */
export const DEFAULT_QUEUE_DEPTH_SCALE_IN = 1_000;
