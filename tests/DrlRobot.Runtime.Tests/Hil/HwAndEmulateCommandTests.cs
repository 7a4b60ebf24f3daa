// The command lines of `drl-run hw` and `drl-run emulate` on bad input: contract mismatch and a device that is another
// robot exit 2 with nothing armed, a missing port or bus exits 3, each with one line on stderr.
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Tests.Fakes;
using DrlRobot.Runtime.Cli;

namespace DrlRobot.Runtime.Tests.Hil;

[NonParallelizable]
[Category("Hil")]
public class HwAndEmulateCommandTests
{
    private static string Config(string file) => Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file);

    private static string Model(string file) => Path.Combine(TestPaths.RepoRoot, "models", file);

    private static void AssertOneLine(string error, int code, int expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(expected), error);
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.StartWith("drl-run: error: "));
        });
    }

    [Test]
    public void Hw_ModelForAnotherRobot_NamesTheFirstMismatch_Exit2()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander3.onnx"), "--hardware", Config("lander-serial.json"), "--port", "/dev/null");
        AssertOneLine(error, code, 2);
        Assert.That(error, Does.Contain("contract mismatch").And.Contain("actuators[1]").And.Contain("'left'"));
    }

    [Test]
    public void Hw_PortThatDoesNotExist_Exit3()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander.onnx"), "--hardware", Config("lander-serial.json"), "--port", "/dev/drl-no-such-port");
        AssertOneLine(error, code, 3);
        Assert.That(error, Does.Contain("/dev/drl-no-such-port").And.Contain("does not exist"));
    }

    [Test]
    public void Hw_PortThatIsAFolder_SaysSo_Exit3()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander.onnx"), "--hardware", Config("lander-serial.json"), "--port", Path.GetTempPath());
        AssertOneLine(error, code, 3);
        Assert.That(error, Does.Contain("is a folder, not a serial device"));
    }

    [Test]
    public void Hw_PortForAConfigWithoutALink_IsRefused_Exit2()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("rover.onnx"), "--hardware", Config("rover-emulated.json"), "--port", "/dev/ttyUSB0");
        AssertOneLine(error, code, 2);
        Assert.That(error, Does.Contain("--port /dev/ttyUSB0").And.Contain("rover-emulated.json").And.Contain("no serial link"));
    }

    [Test]
    public void Hw_BusThatIsNotThere_Exit3()
    {
        // lander3-pca9685.json on this machine: no PCA9685 answers on I2C bus 1 (or no bus at all).
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander3.onnx"), "--hardware", Config("lander3-pca9685.json"));
        AssertOneLine(error, code, 3);
        Assert.That(error, Does.Contain("thrusters"));
    }

    [Test]
    public void Emulate_PortThatDoesNotExist_Exit3()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "emulate", "--env", "lander", "--port", "/dev/drl-no-such-port");
        AssertOneLine(error, code, 3);
    }

    [Test]
    public void Emulate_UnknownEnvironment_Exit2()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "emulate", "--env", "submarine", "--port", "/dev/null");
        AssertOneLine(error, code, 2);
        Assert.That(error, Does.Contain("submarine"));
    }

    [TestCase("--disconnect-at", "-1", "--disconnect-at")]
    [TestCase("--disconnect-ms", "0", "--disconnect-ms")]
    public void Emulate_BadCablePull_Exit2_NamesTheOption(string option, string value, string named)
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "emulate", "--env", "lander", "--port", "/dev/null", option, value);
        AssertOneLine(error, code, 2);
        Assert.That(error, Does.Contain(named));
    }

    [Test]
    public void Hw_DeviceWithOtherNames_IsRefused_Exit2_NothingArmed()
    {
        using var cable = new PtyCable();
        var device = new LinkDeviceStateMachine(new LinkDeviceConfig { ActuatorCount = 2, ObservationCount = 8, NamesHash = 0xDEADBEEF });
        using var far = new FarEnd(SerialLink.Open(new SerialLinkConfig { PortName = cable.PathB }), device.Receive, device.Tick,
                                   () => { byte[] bytes = device.Outgoing.ToArray(); device.ClearOutgoing(); return bytes; });
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander.onnx"), "--hardware", Config("lander-serial.json"), "--port", cable.PathA);
        AssertOneLine(error, code, 2);
        Assert.Multiple(() =>
        {
            Assert.That(error, Does.Contain("refused").And.Contain("names hash 0xDEADBEEF").And.Contain("nothing was armed"));
            Assert.That(far.Locked(() => device.Armed || device.CommandsApplied > 0), Is.False);
        });
    }

    [Test]
    public void Hw_DeviceSpeakingAnotherProtocolVersion_IsRefused_Exit2()
    {
        using var cable = new PtyCable();
        var decoder = new LinkDecoder();
        var pending = new List<byte>();
        using var far = new FarEnd(SerialLink.Open(new SerialLinkConfig { PortName = cable.PathB }), (bytes, _) =>
        {
            while (decoder.TryDecode(ref bytes, out LinkFrame frame))
            {
                if (frame.Type == LinkMessageType.Hello)
                {
                    // A version-2 board answers hello with its capabilities, whose layout every version keeps.
                    var payload = new byte[LinkProtocol.MaxPayloadLength];
                    int n = new LinkCapabilities(2, 2, 8, 0, 250, 5).Write(payload);
                    var wire = new byte[LinkProtocol.MaxWireLength];
                    pending.AddRange(wire.AsSpan(0, LinkFrameWriter.Write(LinkMessageType.Capabilities, 0, payload.AsSpan(0, n), wire)).ToArray());
                }
            }
        }, _ => { }, () => { byte[] bytes = [.. pending]; pending.Clear(); return bytes; });
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "hw", Model("lander.onnx"), "--hardware", Config("lander-serial.json"), "--port", cable.PathA);
        AssertOneLine(error, code, 2);
        Assert.That(error, Does.Contain("link protocol 2"));
    }

    /// <summary>A hand-made far end of the cable: feeds received bytes to a handler and sends what it produces.</summary>
    private sealed class FarEnd : IDisposable
    {
        private readonly SerialLink _link;
        private readonly Thread _thread;
        private readonly Lock _gate = new();
        private volatile bool _stop;

        public delegate void Receiver(ReadOnlySpan<byte> bytes, long nowMicros);

        public FarEnd(SerialLink link, Receiver receive, Action<long> tick, Func<byte[]> outgoing)
        {
            _link = link;
            _thread = new Thread(() =>
            {
                var buffer = new byte[4096];
                while (!_stop)
                {
                    _link.WaitForData(2);
                    lock (_gate)
                    {
                        long now = LinkClock.NowMicros;
                        int n;
                        while ((n = _link.Read(buffer)) > 0)
                        {
                            receive(buffer.AsSpan(0, n), now);
                        }
                        tick(now);
                        byte[] send = outgoing();
                        if (send.Length > 0)
                        {
                            _link.Write(send);
                        }
                    }
                }
            }) { IsBackground = true, Name = "hil-far-end" };
            _thread.Start();
        }

        public T Locked<T>(Func<T> look)
        {
            lock (_gate)
            {
                return look();
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
            _link.Dispose();
        }
    }
}
