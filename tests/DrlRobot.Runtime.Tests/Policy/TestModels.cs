// The shipped test models, and broken or foreign files made from them, for the policy and inspect tests.
using System.Text;
using System.Text.Json;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Tests.Policy;

internal static class TestModels
{
    public static string TinyLander => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-lander.onnx");

    public static string TinyLanderStochastic => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-lander-stochastic.onnx");

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
