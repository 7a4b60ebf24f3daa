// Bad configs fail with one line naming the field: unknown keys and types, channels and pins used twice, bad pulses.
using System.Text.Json.Nodes;
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Config;

public class HardwareConfigValidationTests
{
    private const string Good = """
        {
          "robot": "test",
          "kill_switch": { "pin": 26, "active_level": "high" },
          "devices": [
            { "name": "board", "type": "pca9685", "i2c_bus": 1, "address": 64 },
            { "name": "pwm", "type": "pi_pwm", "chip": 0, "frequency_hz": 1000 },
            { "name": "imu", "type": "mpu6050", "i2c_bus": 1 },
            { "name": "tracker", "type": "udp_state", "port": 9870, "values": ["x", "vx"] }
          ],
          "actuators": [
            { "name": "main", "kind": "esc", "device": "board", "channel": 0 },
            { "name": "wheel", "kind": "dc_motor", "device": "pwm", "channel": 0, "direction_pins": [5, 6] }
          ],
          "observations": [
            { "name": "angle", "source": "imu", "value": "roll" },
            { "name": "x", "source": "tracker", "value": "x", "scale": 0.1 }
          ],
          "link": { "port": "/dev/ttyACM0", "baud": 115200 }
        }
        """;

    private static JsonNode GoodNode() => JsonNode.Parse(Good)!;

    private static HardwareConfigException Fails(JsonNode node) =>
        Assert.Throws<HardwareConfigException>(() => HardwareConfigJson.Parse(node.ToJsonString()))!;

    [Test]
    public void GoodConfig_Loads()
    {
        HardwareConfig config = HardwareConfigJson.Parse(Good);
        Assert.Multiple(() =>
        {
            Assert.That(config.Actuators[0].ArmTime, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(config.Actuators[1].ArmTime, Is.EqualTo(TimeSpan.Zero));
            Assert.That(config.Link!.Baud, Is.EqualTo(115200));
            Assert.That(config.Observations[1].Scale, Is.EqualTo(0.1f));
        });
    }

    [Test]
    public void UnknownKey_IsRejectedWithItsNameAndPlace()
    {
        JsonNode node = GoodNode();
        node["devices"]![2]!["gyro_rnage_dps"] = 500;
        HardwareConfigException e = Fails(node);
        Assert.That(e.Message, Does.Contain("'gyro_rnage_dps'").And.Contain("devices[2]"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [TestCase("devices", "devices: must not be null")]
    [TestCase("actuators", "actuators: must not be null")]
    [TestCase("observations", "observations: must not be null")]
    public void NullList_IsNamed_NotACrash(string key, string expected)
    {
        JsonNode node = GoodNode();
        node[key] = null;
        Assert.That(Fails(node).Message, Does.StartWith(expected));
    }

    [Test]
    public void NullCalibration_IsNamedWithItsPlace()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["calibration"] = null;
        Assert.That(Fails(node).Message, Does.StartWith("actuators[0].calibration: must not be null"));
    }

    [Test]
    public void DuplicatedKey_IsRefused_NotLastWins()
    {
        // Two "board" keys: the one an eye reads first is not the one a last-wins reader would run on.
        string json = Good.Replace("\"robot\": \"test\",", "\"robot\": \"test\", \"board\": \"raspberry_pi\", \"board\": \"emulated\",");
        var error = Assert.Throws<HardwareConfigException>(() => HardwareConfigJson.Parse(json))!;
        Assert.That(error.Message, Does.StartWith("board: duplicate key (line 2)"));
    }

    [Test]
    public void WrongType_SaysWhatWasExpected_AndTheLine()
    {
        string json = Good.Replace("\"port\": 9870", "\"port\": \"9870\"");
        var error = Assert.Throws<HardwareConfigException>(() => HardwareConfigJson.Parse(json))!;
        Assert.That(error.Message, Does.StartWith("devices[3].port: expected a whole number").And.EndWith("(line 8)"));
    }

    [Test]
    public void UnknownTopLevelKey_IsRejected()
    {
        JsonNode node = GoodNode();
        node["wheels"] = 4;
        Assert.That(Fails(node).Message, Does.Contain("unknown key 'wheels'"));
    }

    [Test]
    public void ChannelUsedTwice_NamesTheChannelAndTheFirstUser()
    {
        JsonNode node = GoodNode();
        node["actuators"]!.AsArray().Add(JsonNode.Parse("""{ "name": "side", "kind": "esc", "device": "board", "channel": 0 }"""));
        HardwareConfigException e = Fails(node);
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("actuators[2] (side).channel"));
            Assert.That(e.Message, Does.Contain("already used by 'main'"));
        });
    }

    [TestCase("max_pulse_us", 2600)]
    [TestCase("min_pulse_us", 400)]
    public void PulseOutside500To2500_NamesTheCalibrationField(string key, double value)
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["calibration"] = new JsonObject { [key] = value };
        HardwareConfigException e = Fails(node);
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo($"actuators[0] (main).calibration.{key}"));
            Assert.That(e.Message, Does.Contain("500–2500"));
        });
    }

    [Test]
    public void MinAboveMax_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["calibration"] = JsonNode.Parse("""{ "min_pulse_us": 1900, "neutral_pulse_us": 1900, "max_pulse_us": 1100 }""");
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[0] (main).calibration.min_pulse_us"));
    }

    [Test]
    public void UnknownDeviceType_ListsTheKnownOnes()
    {
        JsonNode node = GoodNode();
        node["devices"]![2]!["type"] = "bno085";
        HardwareConfigException e = Fails(node);
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("devices[2] (imu).type"));
            Assert.That(e.Message, Does.Contain("'bno085'").And.Contain("mpu6050"));
        });
    }

    [Test]
    public void SettingOfAnotherDeviceType_IsRejectedByName()
    {
        JsonNode node = GoodNode();
        node["devices"]![2]!["frequency_hz"] = 50;
        Assert.That(Fails(node).Field, Is.EqualTo("devices[2] (imu).frequency_hz"));
    }

    [Test]
    public void Bno055FusionMode_MustBeImuOrNdof()
    {
        JsonNode node = GoodNode();
        node["devices"]![2] = JsonNode.Parse("""{ "name": "imu", "type": "bno055", "i2c_bus": 1, "fusion_mode": "compass" }""");
        Assert.That(Fails(node).Field, Is.EqualTo("devices[2] (imu).fusion_mode"));
    }

    [Test]
    public void ActuatorOnAMissingDevice_NamesTheDevice()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["device"] = "borad";
        Assert.That(Fails(node).Message, Does.Contain("no device named 'borad'"));
    }

    [Test]
    public void ActuatorOnAnInputDevice_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["device"] = "imu";
        Assert.That(Fails(node).Message, Does.Contain("not a PWM source"));
    }

    [Test]
    public void ChannelBeyondTheBoard_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["channel"] = 16;
        Assert.That(Fails(node).Message, Does.Contain("0–15"));
    }

    [Test]
    public void GpioPinUsedTwice_NamesBothUses()
    {
        JsonNode node = GoodNode();
        node["actuators"]![1]!["direction_pins"] = new JsonArray(5, 26);
        HardwareConfigException e = Fails(node);
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("actuators[1] (wheel).direction_pins"));
            Assert.That(e.Message, Does.Contain("GPIO 26").And.Contain("kill_switch.pin"));
        });
    }

    [Test]
    public void TwoChipsAtOneI2cAddress_AreRejected()
    {
        JsonNode node = GoodNode();
        node["devices"]![2]!["address"] = 0x68;
        node["devices"]!.AsArray().Add(JsonNode.Parse("""{ "name": "imu2", "type": "mpu6050", "i2c_bus": 1, "address": 104 }"""));
        Assert.That(Fails(node).Message, Does.Contain("0x68 on I2C bus 1 is already used by 'imu'"));
    }

    [Test]
    public void ObservationOfAnUnknownValue_ListsTheDevicesValues()
    {
        JsonNode node = GoodNode();
        node["observations"]![1]!["value"] = "z";
        HardwareConfigException e = Fails(node);
        Assert.Multiple(() =>
        {
            Assert.That(e.Field, Is.EqualTo("observations[1] (x).value"));
            Assert.That(e.Message, Does.Contain("x, vx"));
        });
    }

    [Test]
    public void DuplicateActuatorName_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![1]!["name"] = "main";
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[1].name"));
    }

    [Test]
    public void DcMotorWithPulseCalibration_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![1]!["calibration"] = new JsonObject { ["max_pulse_us"] = 1900 };
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[1] (wheel).calibration.max_pulse_us"));
    }

    [Test]
    public void DcMotorWithoutDirectionPins_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![1]!.AsObject().Remove("direction_pins");
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[1] (wheel).direction_pins"));
    }

    [Test]
    public void EscOnAFastPwmChip_PulseLongerThanThePeriodIsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["device"] = "pwm";
        node["actuators"]![0]!["channel"] = 1;
        Assert.That(Fails(node).Message, Does.Contain("does not fit the 1000 Hz period"));
    }

    [Test]
    public void NeutralOutsideTheRange_IsRejected()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["neutral"] = 2;
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[0] (main).neutral"));
    }

    [Test]
    public void LinkWithoutPort_IsRejected()
    {
        JsonNode node = GoodNode();
        node["link"]!["port"] = "";
        Assert.That(Fails(node).Field, Is.EqualTo("link.port"));
    }

    [Test]
    public void LinkWithAbsurdBaud_IsRejected()
    {
        JsonNode node = GoodNode();
        node["link"]!["baud"] = 12;
        Assert.That(Fails(node).Field, Is.EqualTo("link.baud"));
    }

    [Test]
    public void KillSwitchLevel_MustBeHighOrLow()
    {
        JsonNode node = GoodNode();
        node["kill_switch"]!["active_level"] = "up";
        Assert.That(Fails(node).Field, Is.EqualTo("kill_switch.active_level"));
    }

    [Test]
    public void WrongJsonType_NamesThePath()
    {
        JsonNode node = GoodNode();
        node["actuators"]![0]!["channel"] = "zero";
        Assert.That(Fails(node).Field, Is.EqualTo("actuators[0].channel"));
    }

    [Test]
    public void Load_MissingFile_IsBadInputNamingThePath()
    {
        var e = Assert.Throws<HardwareConfigException>(() => HardwareConfigJson.Load("/nonexistent/robot.json"));
        Assert.That(e!.Message, Is.EqualTo("/nonexistent/robot.json: hardware config not found"));
    }

    [Test]
    public void Load_BadFile_NamesTheFileAndTheField()
    {
        string path = Path.Combine(Path.GetTempPath(), $"drl-bad-{Guid.NewGuid():N}.json");
        JsonNode node = GoodNode();
        node["link"]!["baud"] = 12;
        File.WriteAllText(path, node.ToJsonString());
        try
        {
            var e = Assert.Throws<HardwareConfigException>(() => HardwareConfigJson.Load(path));
            Assert.That(e!.Message, Does.StartWith($"{Path.GetFileName(path)}: link.baud: 12 must lie"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
