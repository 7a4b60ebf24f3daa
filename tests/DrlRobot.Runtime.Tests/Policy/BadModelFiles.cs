// Every way a model file can be wrong, each with the words its one-line error must contain; the PolicyFile,
// OnnxPolicy and inspect tests all run over this list.
using System.Text;

namespace DrlRobot.Runtime.Tests.Policy;

public sealed record BadModelFile(string Name, Func<byte[]?> Content, string Expected)
{
    /// <summary>Writes the file (or leaves it missing) in <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory)
    {
        string path = Path.Combine(directory, $"{Name}.onnx");
        byte[]? bytes = Content();
        if (bytes is not null)
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    public override string ToString() => Name;

    public static IEnumerable<BadModelFile> All()
    {
        const string training = """{"algorithm":"ppo"}""";
        yield return new("missing", () => null, "no such model file");
        yield return new("empty", () => [], "empty file");
        yield return new("truncated-half", () => Tiny()[..(Tiny().Length / 2)], "truncated?");
        yield return new("truncated-end", () => Tiny()[..^7], "truncated?");
        yield return new("random-bytes", () => Random(1), "not a valid ONNX model");
        yield return new("random-bytes-2", () => Random(2), "not a valid ONNX model");
        yield return new("text", () => Encoding.UTF8.GetBytes("{\"this\": \"is json, not a model\"}\n"), "not a valid ONNX model");
        yield return new("foreign-onnx", () => TestModels.ForeignOnnx, "without DrlRobot metadata");
        yield return new("duplicate-contract", () => TestModels.WithMetadata(Tiny(), ("drlrobot.contract", TestModels.TinyLanderContractJson())),
                         "'drlrobot.contract' appears twice");
        yield return new("newer-format", () => Meta(("drlrobot.format", "2")), "newer than this drl-run");
        yield return new("bad-format", () => Meta(("drlrobot.format", "one")), "not a format version");
        yield return new("no-contract", () => Meta(("drlrobot.format", "1"), ("drlrobot.training", training)), "lacks drlrobot.contract");
        yield return new("bad-contract", () => Meta(("drlrobot.format", "1"), ("drlrobot.contract", "{\"env_id\":"), ("drlrobot.training", training)),
                         "drlrobot.contract: invalid contract JSON");
        yield return new("training-not-object", () => Meta(("drlrobot.format", "1"), ("drlrobot.contract", TestModels.TinyLanderContractJson()),
                                                           ("drlrobot.training", "[1,2]")), "must be a JSON object");
    }

    private static byte[] Tiny() => File.ReadAllBytes(TestModels.TinyLander);

    private static byte[] Meta(params (string, string)[] entries) => TestModels.WithMetadata(TestModels.ForeignOnnx, entries);

    private static byte[] Random(int seed)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
