/**
 * Live network streams as a broadcast's background: {@link
 * org.villagecast.controller.audio.live.LiveStreamSource} pulls an HTTP/Icecast MP3 stream on a
 * thread of its own, decodes it frame by frame as the bytes arrive, resamples it to the engine rate
 * and keeps a jitter buffer that the broadcast reads at the pace of real time. It reconnects with
 * back-off when the source dies and says so through its {@link
 * org.villagecast.controller.audio.live.LiveStreamStatus}; it never ends on its own.
 */
package org.villagecast.controller.audio.live;
