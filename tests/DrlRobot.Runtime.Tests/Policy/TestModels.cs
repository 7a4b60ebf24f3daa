// The shipped test models, and broken or foreign files made from them, for the policy and inspect tests.
using System.Text;
using System.Text.Json;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Tests.Policy;

internal static class TestModels
{
    public static string TinyLander => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-lander.onnx");

    public static string TinyLanderStochastic => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-lander-stochastic.onnx");

    /// <summary>tiny-lander.onnx with its weights in an external-data file beside it (Models/external/make_external.py).</summary>
    public static string TinyLanderExternal => Path.Combine(AppContext.BaseDirectory, "Models", "external", "tiny-lander-external.onnx");

    public static string TinyLanderDiscrete => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-lander-discrete.onnx");

    /// <summary>Observation → action pairs computed by the trainer's reference forward pass.</summary>
    public static (float[] Observation, float[] Action)[] ExpectedCases(string expectedFile = "tiny-lander.expected.json")
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Models", expectedFile);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => (Floats(c.GetProperty("obs")), Floats(c.GetProperty("action"))))
            .ToArray();
    }

    /// <summary>The doctor's one-node model: valid ONNX that ONNX Runtime runs, without DrlRobot metadata.</summary>
    public static byte[] ForeignOnnx => ProbeModel.Bytes;

    /// <summary>The foreign model with metadata_props entries appended (protobuf concatenation adds repeated fields).</summary>
    public static byte[] WithMetadata(byte[] model, params (string Key, string Value)[] entries)
    {
        var bytes = new List<byte>(model);
        foreach ((string key, string value) in entries)
        {
            byte[] entry = [.. Field(1, Encoding.UTF8.GetBytes(key)), .. Field(2, Encoding.UTF8.GetBytes(value))];
            bytes.AddRange(Field(14, entry));
        }
        return [.. bytes];
    }

    /// <summary>
    /// <paramref name="model"/> without the metadata_props entries whose key is one of <paramref name="keys"/>: the
    /// top-level fields are copied as they are, except those entries (field 14).
    /// </summary>
    public static byte[] WithoutMetadata(byte[] model, params string[] keys)
    {
        var kept = new List<byte>();
        int at = 0;
        while (at < model.Length)
        {
            int start = at;
            ulong tag = ReadVarint(model, ref at);
            int wire = (int)(tag & 7);
            int payloadStart = at;
            switch (wire)
            {
                case 0: ReadVarint(model, ref at); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    int length = (int)ReadVarint(model, ref at);
                    payloadStart = at;
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire} at byte {start}");
            }
            if (tag >> 3 == 14 && wire == 2 && keys.Contains(MetadataKey(model.AsSpan(payloadStart, at - payloadStart))))
            {
                continue;
            }
            kept.AddRange(model.AsSpan(start, at - start).ToArray());
        }
        return [.. kept];
    }

    /// <summary>The tiny lander with its contract replaced by <paramref name="change"/> of it (and no other change).</summary>
    public static byte[] TinyLanderWithContract(Func<DrlRobot.Sim.Contracts.RobotContract, DrlRobot.Sim.Contracts.RobotContract> change)
    {
        var contract = change(DrlRobot.Runtime.Policy.PolicyFile.ReadMetadata(TinyLander).Contract);
        return WithMetadata(WithoutMetadata(File.ReadAllBytes(TinyLander), "drlrobot.contract"),
                            ("drlrobot.contract", DrlRobot.Sim.Contracts.ContractJson.Serialize(contract)));
    }

    private static string MetadataKey(ReadOnlySpan<byte> entry)
    {
        int at = 0;
        byte[] bytes = entry.ToArray();
        while (at < bytes.Length)
        {
            ulong tag = ReadVarint(bytes, ref at);
            int length = (int)ReadVarint(bytes, ref at);
            if (tag == ((1 << 3) | 2))
            {
                return Encoding.UTF8.GetString(bytes, at, length);
            }
            at += length;
        }
        return "";
    }

    private static ulong ReadVarint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    /// <summary>The contract JSON stored in the tiny lander, for building other files with a valid contract.</summary>
    public static string TinyLanderContractJson()
    {
        string json = DrlRobot.Sim.Contracts.ContractJson.Serialize(DrlRobot.Runtime.Policy.PolicyFile.ReadMetadata(TinyLander).Contract);
        return json;
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }
}
