// The link counters `drl-run hw --json` reports as link{frames_sent, frames_received, frames_rejected}.
namespace DrlRobot.Hardware.Link;

/// <summary>A snapshot of a link end's frame counters.</summary>
/// <param name="FramesSent">Frames written to the transport.</param>
/// <param name="FramesReceived">Frames that passed every check.</param>
/// <param name="FramesRejected">Frames thrown away (bad COBS, size, CRC, version, type, length or count).</param>
public readonly record struct LinkCounters(long FramesSent, long FramesReceived, long FramesRejected);
