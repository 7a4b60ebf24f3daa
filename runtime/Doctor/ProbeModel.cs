// A tiny ONNX model built byte by byte (protobuf wire format) so the doctor can run ONNX Runtime without a file:
// y = Abs(x) for x: float[1, 2]. Field numbers are those of onnx.proto.
using System.Text;

namespace DrlRobot.Runtime.Doctor;

internal static class ProbeModel
{
    public const string InputName = "x";
    public const string OutputName = "y";

    public static byte[] Bytes { get; } = Build();

    private static byte[] Build()
    {
        byte[] tensorType = Message(
            Varint(1, 1),                                   // TypeProto.Tensor.elem_type = FLOAT
            Field(2, Message(                               // shape
                Field(1, Message(Varint(1, 1))),            // dim { dim_value: 1 }
                Field(1, Message(Varint(1, 2))))));         // dim { dim_value: 2 }
        byte[] type = Message(Field(1, tensorType));        // TypeProto.tensor_type
        byte[] graph = Message(
            Field(1, Message(Text(1, InputName), Text(2, OutputName), Text(4, "Abs"))), // node
            Text(2, "drlrobot-doctor"),                                               // name
            Field(11, Message(Text(1, InputName), Field(2, type))),                   // input
            Field(12, Message(Text(1, OutputName), Field(2, type))));                 // output
        return Message(
            Varint(1, 8),                                                 // ir_version
            Text(2, "drlrobot"),                                          // producer_name
            Field(7, graph),                                              // graph
            Field(8, Message(Text(1, ""), Varint(2, 13))));               // opset_import { domain "", version 13 }
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

    private static byte[] Varint(int field, ulong value) => [.. Tag(field, 0), .. Encode(value)];

    private static byte[] Text(int field, string value) => Field(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Field(int field, byte[] payload) => [.. Tag(field, 2), .. Encode((ulong)payload.Length), .. payload];

    private static byte[] Tag(int field, int wireType) => Encode((ulong)((field << 3) | wireType));

    private static byte[] Encode(ulong value)
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
