// The PCA9685 driver against the emulated register map: set-up sequence, prescaler, pulse widths, correction, disposal.
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Pca9685;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Tests.Devices;

public class Pca9685DeviceTests
{
    [Test]
    public void Constructor_WakesTheChipWithThePrescalerFor50Hz()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        Assert.Multiple(() =>
        {
            // round(25e6 / (4096 × 50)) − 1 = 121 (datasheet example gives 121 for 50 Hz).
            Assert.That(chip.Prescale, Is.EqualTo(121));
            Assert.That(chip.IsSleeping, Is.False);
            Assert.That(chip.Register((int)Pca9685Register.Mode1) & (int)Pca9685Mode.AutoIncrement, Is.Not.Zero);
            Assert.That(chip.Register((int)Pca9685Register.Mode2), Is.EqualTo((int)Pca9685Mode.OutputDrive));
            Assert.That(chip.FrequencyHz, Is.EqualTo(50).Within(0.1));
        });
    }

    [Test]
    public void Constructor_LeavesEveryChannelOff()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        Assert.That(Enumerable.Range(0, 16).Select(chip.HighCounts), Is.All.Zero);
    }

    [TestCase(1100)]
    [TestCase(1500)]
    [TestCase(1900)]
    public void SetPulseMicroseconds_ProducesThatPulseWithinOneCount(double microseconds)
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        board.SetPulseMicroseconds(3, microseconds);
        double countMicroseconds = board.PeriodMicroseconds / 4096;
        Assert.That(chip.PulseMicroseconds(3), Is.EqualTo(microseconds).Within(countMicroseconds / 2 + 1e-9));
    }

    [Test]
    public void SetPulseMicroseconds_WritesTheChannelsFourRegistersInOneTransfer()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        int before = chip.Transfers;
        board.SetPulseMicroseconds(15, 1500);
        int counts = board.CountsFor(1500);
        Assert.Multiple(() =>
        {
            Assert.That(chip.Transfers - before, Is.EqualTo(1));
            Assert.That(chip.Register(0x06 + 60), Is.Zero, "ON_L");
            Assert.That(chip.Register(0x06 + 62), Is.EqualTo(counts & 0xFF), "OFF_L");
            Assert.That(chip.Register(0x06 + 63), Is.EqualTo(counts >> 8), "OFF_H");
        });
    }

    [Test]
    public void OscillatorCorrection_FixesAFastChip()
    {
        // This chip's oscillator runs 4 % fast: uncorrected, 1500 µs comes out about 4 % short.
        var fast = new EmulatedPca9685(oscillatorHz: 26_000_000);
        using (var uncorrected = new Pca9685Device(fast, new Pca9685Settings()))
        {
            uncorrected.SetPulseMicroseconds(0, 1500);
            Assert.That(fast.PulseMicroseconds(0), Is.EqualTo(1500 / 1.04).Within(8));
        }
        var sameChip = new EmulatedPca9685(oscillatorHz: 26_000_000);
        using var corrected = new Pca9685Device(sameChip, new Pca9685Settings { OscillatorHz = 26_000_000 });
        corrected.SetPulseMicroseconds(0, 1500);
        Assert.That(sameChip.PulseMicroseconds(0), Is.EqualTo(1500).Within(corrected.PeriodMicroseconds / 8192 + 1e-9));
    }

    [Test]
    public void SetDutyCycle_ZeroAndOneUseTheFullOffAndFullOnBits()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        board.SetDutyCycle(1, 1.0);
        board.SetDutyCycle(2, 0.0);
        Assert.Multiple(() =>
        {
            Assert.That(chip.HighCounts(1), Is.EqualTo(4096));
            Assert.That(chip.Register(0x06 + 4 + 1) & 0x10, Is.Not.Zero);
            Assert.That(chip.HighCounts(2), Is.Zero);
        });
    }

    [Test]
    public void Dispose_TurnsEveryChannelOffAndSleeps()
    {
        var chip = new EmulatedPca9685();
        var board = new Pca9685Device(chip, new Pca9685Settings(), ownsDevice: false);
        board.SetPulseMicroseconds(0, 1500);
        board.SetPulseMicroseconds(7, 1900);
        board.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsSleeping, Is.True);
            Assert.That(chip.Register(0x06 + 3) & 0x10, Is.Not.Zero, "channel 0 full-off");
            Assert.That(chip.Register(0x06 + 31) & 0x10, Is.Not.Zero, "channel 7 full-off");
        });
    }

    [Test]
    public void Constructor_OnABusThatDoesNotAnswer_ThrowsIOException()
    {
        var chip = new EmulatedPca9685 { Disconnected = true };
        Assert.Throws<IOException>(() => _ = new Pca9685Device(chip, new Pca9685Settings()));
    }

    [Test]
    public void Settings_FrequencyTooHigh_IsRejectedNamingTheField()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Pca9685Settings { PwmFrequencyHz = 2000 }.Validate());
        Assert.That(e!.ParamName, Is.EqualTo(nameof(Pca9685Settings.PwmFrequencyHz)));
    }

    [Test]
    public void EscOnPca9685Channel_ArmsAndDrivesThePulse()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        using var esc = new PulseOutput("main", board.CreatePwmChannel(4), new ActuatorRange(-1f, 1f, 0f),
            PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        double count = board.PeriodMicroseconds / 4096;
        Assert.That(chip.PulseMicroseconds(4), Is.EqualTo(1500).Within(count));
        esc.Write(1f);
        Assert.That(chip.PulseMicroseconds(4), Is.EqualTo(1900).Within(count));
        esc.Write(-0.5f);
        Assert.That(chip.PulseMicroseconds(4), Is.EqualTo(1300).Within(count));
    }

    [Test]
    public void EscOnPca9685_BusFailure_ShowsInStatusAndDisposeStillReturns()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        var esc = new PulseOutput("main", board.CreatePwmChannel(4), new ActuatorRange(-1f, 1f, 0f),
            PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        chip.Disconnected = true;
        Assert.DoesNotThrow(() => esc.Write(1f));
        Assert.That(esc.Status, Is.EqualTo(DeviceStatus.Failed));
        Assert.DoesNotThrow(esc.Dispose);
    }

    [Test]
    public void DcMotorEnableOnPca9685Channel_GetsTheDutyAndStopsOnDispose()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings { PwmFrequencyHz = 1000 });
        using var gpio = new EmulatedGpioDriver();
        using var controller = gpio.CreateController();
        var motor = new DcMotorOutput("left", HBridge.ThreePin(board.CreatePwmChannel(8), 5, 6, controller),
            new ActuatorRange(-1f, 1f, 0f), new MotorCalibration());
        motor.Write(-0.5f);
        Assert.Multiple(() =>
        {
            Assert.That(chip.DutyCycle(8), Is.EqualTo(0.5).Within(1.0 / 4096));
            Assert.That(gpio.Level(6), Is.EqualTo(System.Device.Gpio.PinValue.High));
        });
        motor.Dispose();
        Assert.That(chip.HighCounts(8), Is.Zero);
    }

    [Test]
    public void EscDisposeOnPca9685_SendsNeutralThenStopsTheSignal()
    {
        var chip = new EmulatedPca9685();
        using var board = new Pca9685Device(chip, new Pca9685Settings());
        var esc = new PulseOutput("main", board.CreatePwmChannel(4), new ActuatorRange(-1f, 1f, 0f), PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        esc.Write(1f);
        esc.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(esc.LastPulseMicroseconds, Is.EqualTo(1500));
            Assert.That(chip.HighCounts(4), Is.Zero);
        });
        Assert.DoesNotThrow(() => board.CreatePwmChannel(4).Dispose(), "a disposed output gives its channel back");
    }

    [Test]
    public void CreatePwmChannel_Twice_IsRejected()
    {
        using var board = new Pca9685Device(new EmulatedPca9685(), new Pca9685Settings());
        using var first = board.CreatePwmChannel(2);
        Assert.Throws<InvalidOperationException>(() => board.CreatePwmChannel(2));
    }
}
