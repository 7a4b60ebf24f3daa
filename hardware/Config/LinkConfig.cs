// The serial link section of a hardware config (a microcontroller over UART/USB); parsed and validated here only.
namespace DrlRobot.Hardware.Config;

/// <summary>Where the serial link to a microcontroller is. The link itself lives in hardware/Link.</summary>
public sealed record LinkConfig
{
    /// <summary>Serial port, for example /dev/ttyACM0 or /dev/serial0.</summary>
    public string Port { get; init; } = "";

    /// <summary>Baud rate.</summary>
    public int Baud { get; init; } = 115200;

    /// <summary>Throws <see cref="HardwareConfigException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Port))
        {
            throw new HardwareConfigException("link.port", "must name a serial port (for example /dev/ttyACM0)");
        }
        if (Baud is < 1200 or > 4_000_000)
        {
            throw new HardwareConfigException("link.baud", $"{Baud} must lie in 1200–4000000");
        }
    }
}
