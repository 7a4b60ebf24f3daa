// Checkpoints are reported by name when corrupt or truncated; config files reject unknown keys by path;
// TensorBoard records carry the TFRecord checksums.
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Tests.Runs;

public class RunFilesTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "drl-runfiles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Checkpoint_RoundTripsItsPayload_AndKeepsOnlyTheNewest()
    {
        var store = new CheckpointStore(_dir, kept: 2);
        for (long step = 100; step <= 400; step += 100)
        {
            store.Save(step, "hash", w => w.Write(step * 3));
        }
        IReadOnlyList<string> files = store.List();
        (long readStep, byte[] payload) = CheckpointStore.Read(files[^1], "hash");
        Assert.Multiple(() =>
        {
            Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[] { "step-0000000300.ckpt", "step-0000000400.ckpt" }));
            Assert.That(readStep, Is.EqualTo(400));
            Assert.That(BitConverter.ToInt64(payload), Is.EqualTo(1200));
            Assert.That(Directory.GetFiles(_dir, "*.tmp-*"), Is.Empty);
        });
    }

    [Test]
    public void Checkpoint_FlippedByte_IsReportedAsCorruptByName()
    {
        string path = new CheckpointStore(_dir, 3).Save(5, "hash", w => w.Write(new byte[1000]));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointStore.Read(path, "hash"));
        Assert.That(error!.Message, Does.Contain("step-0000000005.ckpt").And.Contain("corrupt"));
    }

    [Test]
    public void Checkpoint_FlippedStepByteInTheHeader_IsCorrupt_NotAnotherStep()
    {
        string path = new CheckpointStore(_dir, 3).Save(49_152, "hash", w => w.Write(new byte[1000]));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8 + 1] ^= 0x01; // the step's second byte: 49152 would read as 48896
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointStore.Read(path, "hash"));
        Assert.That(error!.Message, Does.Contain("step-0000049152.ckpt").And.Contain("corrupt"));
    }

    [TestCase(-2147365891)]
    [TestCase(int.MaxValue)]
    public void Checkpoint_BadLengthField_IsNamed_NotAnArgumentError(int length)
    {
        string path = new CheckpointStore(_dir, 3).Save(5, "hash", w => w.Write(new byte[1000]));
        byte[] bytes = File.ReadAllBytes(path);
        int lengthAt = 8 + 8 + 1 + "hash".Length;
        BitConverter.GetBytes(length).CopyTo(bytes, lengthAt);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointStore.Read(path, "hash"));
        Assert.That(error!.Message, Does.Contain("step-0000000005.ckpt").And.Match("corrupt|truncated"));
    }

    [Test]
    public void Checkpoint_FlippedHashByte_IsCorrupt_NotAnotherConfiguration()
    {
        string path = new CheckpointStore(_dir, 3).Save(5, "0123456789abcdef", w => w.Write(new byte[100]));
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8 + 8 + 1 + 3] ^= 0x02;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointStore.Read(path, "0123456789abcdef"));
        Assert.That(error!.Message, Does.Contain("corrupt (checksum mismatch)"));
    }

    [Test]
    public void Checkpoint_OfTheFirstFormat_IsStillRead()
    {
        // DRLCKPT1: magic, step, hash, length, payload, CRC-32 of the payload alone.
        byte[] payload = [1, 2, 3, 4, 5];
        string path = Path.Combine(_dir, "step-0000000007.ckpt");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("DRLCKPT1"u8);
            writer.Write(7L);
            writer.Write("hash");
            writer.Write(payload.Length);
            writer.Write(payload);
            writer.Write(System.IO.Hashing.Crc32.HashToUInt32(payload));
        }
        (long step, byte[] read) = CheckpointStore.Read(path, "hash");
        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(7));
            Assert.That(read, Is.EqualTo(payload));
        });
    }

    [Test]
    public void Checkpoint_Save_PrunesTemporariesAKillLeftBehind()
    {
        var store = new CheckpointStore(_dir, 3);
        string leftover = Path.Combine(_dir, "step-0000000100.ckpt.tmp-0123456789abcdef0123456789abcdef");
        File.WriteAllBytes(leftover, new byte[64]);
        store.Save(200, "hash", w => w.Write(1));
        Assert.That(File.Exists(leftover), Is.False);
    }

    [Test]
    public void Checkpoint_Truncated_IsReportedByName()
    {
        string path = new CheckpointStore(_dir, 3).Save(5, "hash", w => w.Write(new byte[1000]));
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..500]);
        var error = Assert.Throws<InvalidDataException>(() => CheckpointStore.Read(path, "hash"));
        Assert.That(error!.Message, Does.Contain("step-0000000005.ckpt").And.Contain("truncated"));
    }

    [Test]
    public void Checkpoint_FromAnotherConfiguration_IsRefused()
    {
        string path = new CheckpointStore(_dir, 3).Save(5, "aaaa", w => w.Write(1));
        Assert.That(() => CheckpointStore.Read(path, "bbbb"), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("another configuration"));
    }

    [Test]
    public void Config_UnknownNestedKey_IsNamedWithItsPath()
    {
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, """{ "env": "pendulum", "ppo": { "learnig_rate": 0.001 } }""");
        Assert.That(() => ConfigLoader.Resolve(file, new ConfigOverrides()),
                    Throws.InstanceOf<FormatException>().With.Message.Contains("unknown key 'ppo.learnig_rate'"));
    }

    [Test]
    public void Config_KeyWithADot_IsNamedAsWritten()
    {
        // A sweep's dotted paths written into a config file, where keys nest: named as the user wrote it.
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, """{ "env": "pendulum", "ppo.epochs": 4 }""");
        Assert.That(() => ConfigLoader.Resolve(file, new ConfigOverrides()),
                    Throws.InstanceOf<FormatException>().With.Message.Contains("unknown key 'ppo.epochs' (line 1)"));
    }

    [Test]
    public void Config_InvalidValue_NamesTheField()
    {
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, """{ "ppo": { "gamma": 1.5 } }""");
        Assert.That(() => ConfigLoader.Resolve(file, new ConfigOverrides()),
                    Throws.InstanceOf<ArgumentException>().With.Message.Contains("ppo.gamma"));
    }

    [Test]
    public void Config_NoiseColor_IsReadByName_AndAnUnknownOneIsNamed()
    {
        string good = Path.Combine(_dir, "good.json"), bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(good, """{ "algo": "td3", "td3": { "exploration_noise_color": "pink" } }""");
        File.WriteAllText(bad, """{ "algo": "td3", "td3": { "exploration_noise_color": "purple" } }""");
        Assert.Multiple(() =>
        {
            Assert.That(ConfigLoader.Resolve(good, new ConfigOverrides()).Td3.ExplorationNoiseColor, Is.EqualTo(NoiseColor.Pink));
            Assert.That(() => ConfigLoader.Resolve(bad, new ConfigOverrides()),
                        Throws.InstanceOf<FormatException>().With.Message.Contains("td3.exploration_noise_color"));
        });
    }

    [Test]
    public void Config_MalformedJson_IsOneLine()
    {
        string file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, "{ \"steps\": ");
        Assert.That(() => ConfigLoader.Resolve(file, new ConfigOverrides()),
                    Throws.InstanceOf<FormatException>().With.Message.Contains("malformed JSON"));
    }

    [Test]
    public void Config_LayersFileThenCommandLine()
    {
        string file = Path.Combine(_dir, "run.json");
        File.WriteAllText(file, """{ "env": "pendulum", "steps": 5000, "ppo": { "epochs": 7 } }""");
        TrainConfig config = ConfigLoader.Resolve(file, new ConfigOverrides { Steps = 9000 });
        Assert.Multiple(() =>
        {
            Assert.That(config.Env, Is.EqualTo("pendulum"));
            Assert.That(config.Steps, Is.EqualTo(9000));
            Assert.That(config.Ppo.Epochs, Is.EqualTo(7));
            Assert.That(ConfigLoader.ReadResolvedFromText(ConfigLoader.ToJson(config)), Is.EqualTo(config).Using<TrainConfig>((a, b) => ConfigLoader.ToJson(a) == ConfigLoader.ToJson(b)));
        });
    }

    [Test]
    public void TensorBoard_MaskedCrcMatchesTheTfRecordReference()
    {
        // TFRecord masks CRC-32C as ((crc >> 15) | (crc << 17)) + 0xa282ead8; CRC-32C("123456789") = 0xE3069283.
        uint crc = 0xE3069283;
        uint masked = ((crc >> 15) | (crc << 17)) + 0xA282EAD8;
        Assert.That(TensorBoardWriter.MaskedCrc("123456789"u8), Is.EqualTo(masked));
    }

    [Test]
    public void TensorBoard_WritesFramedRecordsWithValidChecksums()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir))
        {
            writer.Scalar("charts/episodic_return", 123.5, 1000);
            path = writer.Path;
        }
        byte[] file = File.ReadAllBytes(path);
        int records = 0;
        for (int at = 0; at < file.Length; records++)
        {
            ulong length = BitConverter.ToUInt64(file, at);
            Assert.That(BitConverter.ToUInt32(file, at + 8), Is.EqualTo(TensorBoardWriter.MaskedCrc(file.AsSpan(at, 8))));
            int data = at + 12;
            Assert.That(BitConverter.ToUInt32(file, data + (int)length), Is.EqualTo(TensorBoardWriter.MaskedCrc(file.AsSpan(data, (int)length))));
            at = data + (int)length + 4;
        }
        Assert.That(records, Is.EqualTo(2));
        Assert.That(System.Text.Encoding.ASCII.GetString(file), Does.Contain("charts/episodic_return"));
    }
}
