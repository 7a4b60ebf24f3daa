// Settings of one PCA9685 board: its address, the PWM frequency, and the measured oscillator frequency.
namespace DrlRobot.Hardware.Devices.Pca9685;

/// <summary>
/// How to set up a PCA9685. The internal oscillator is specified at 25 MHz but individual chips run a few percent off
/// (23–27 MHz are seen), which shifts every pulse by the same factor; measure one pulse with a scope or logic analyser
/// and set <see cref="OscillatorHz"/> = 25 MHz × measured / expected to correct it.
/// </summary>
public sealed record Pca9685Settings
{
    /// <summary>7-bit I2C address (0x40 with all address pins low).</summary>
    public int Address { get; init; } = 0x40;

    /// <summary>PWM frequency, Hz (50 for servos and most ESCs; up to a few hundred for fast ESCs).</summary>
    public double PwmFrequencyHz { get; init; } = 50;

    /// <summary>The chip's actual oscillator frequency, Hz (the correction factor, folded into one number).</summary>
    public double OscillatorHz { get; init; } = Pca9685Counter.NominalOscillatorHz;

    /// <summary>The prescaler for <see cref="PwmFrequencyHz"/> (datasheet eq. 1: round(osc / (4096 f)) − 1).</summary>
    public int Prescale => (int)Math.Round(OscillatorHz / (Pca9685Counter.Steps * PwmFrequencyHz)) - 1;

    /// <summary>The PWM frequency the chip actually produces once the prescaler is rounded, Hz.</summary>
    public double ActualFrequencyHz => OscillatorHz / (Pca9685Counter.Steps * (Prescale + 1.0));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Address is < 0x03 or > 0x77)
        {
            throw new ArgumentOutOfRangeException(nameof(Address), Address, "address must be a 7-bit I2C address (0x03–0x77)");
        }
        if (!(OscillatorHz >= 20e6 && OscillatorHz <= 30e6))
        {
            throw new ArgumentOutOfRangeException(nameof(OscillatorHz), OscillatorHz,
                "oscillator_hz must lie in 20–30 MHz (the internal oscillator is nominally 25 MHz)");
        }
        if (!(PwmFrequencyHz > 0) || Prescale < Pca9685Counter.MinPrescale || Prescale > Pca9685Counter.MaxPrescale)
        {
            throw new ArgumentOutOfRangeException(nameof(PwmFrequencyHz), PwmFrequencyHz,
                "pwm_frequency_hz must give a prescaler in 3–255 (about 24–1526 Hz at 25 MHz)");
        }
    }
}
