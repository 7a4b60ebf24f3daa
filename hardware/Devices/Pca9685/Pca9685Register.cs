// Register addresses and MODE1 bits of the NXP PCA9685 16-channel, 12-bit PWM controller (datasheet rev. 4, §7.3).
namespace DrlRobot.Hardware.Devices.Pca9685;

/// <summary>PCA9685 register addresses.</summary>
public enum Pca9685Register : byte
{
    /// <summary>Mode register 1: restart, auto-increment, sleep, all-call.</summary>
    Mode1 = 0x00,

    /// <summary>Mode register 2: output drive (totem pole vs open drain), inversion.</summary>
    Mode2 = 0x01,

    /// <summary>LED0_ON_L; channel n's four registers start at 0x06 + 4n (ON_L, ON_H, OFF_L, OFF_H).</summary>
    Led0OnLow = 0x06,

    /// <summary>ALL_LED_ON_L; the four ALL_LED registers write every channel at once.</summary>
    AllLedOnLow = 0xFA,

    /// <summary>Prescaler for the PWM frequency; writable only while MODE1.SLEEP is set.</summary>
    Prescale = 0xFE,
}

/// <summary>Bits of <see cref="Pca9685Register.Mode1"/> and <see cref="Pca9685Register.Mode2"/>.</summary>
[Flags]
public enum Pca9685Mode : byte
{
    /// <summary>No bits.</summary>
    None = 0,

    /// <summary>MODE1: respond to the all-call address.</summary>
    AllCall = 0x01,

    /// <summary>MODE2: totem-pole outputs (needed to drive ESC signal lines directly).</summary>
    OutputDrive = 0x04,

    /// <summary>MODE1: oscillator off, outputs off; the prescaler can be written only in this state.</summary>
    Sleep = 0x10,

    /// <summary>MODE1: register pointer increments after each byte, so one transfer writes a channel's four registers.</summary>
    AutoIncrement = 0x20,

    /// <summary>MODE1: restart the PWM channels after sleep.</summary>
    Restart = 0x80,
}

/// <summary>Constants of the PWM counter.</summary>
public static class Pca9685Counter
{
    /// <summary>Counts per PWM period (12 bits).</summary>
    public const int Steps = 4096;

    /// <summary>Bit 4 of ON_H / OFF_H: full on / full off.</summary>
    public const byte FullBit = 0x10;

    /// <summary>Number of PWM channels.</summary>
    public const int Channels = 16;

    /// <summary>Smallest and largest prescaler values the chip accepts.</summary>
    public const int MinPrescale = 3, MaxPrescale = 255;

    /// <summary>Nominal frequency of the internal oscillator, Hz.</summary>
    public const double NominalOscillatorHz = 25_000_000;
}
