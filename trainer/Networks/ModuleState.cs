// Loads a module's checkpointed state into the tensors it already has. TorchSharp's Module.load moves a module that
// is not on the CPU to the CPU and back, which replaces every Parameter (and disposes the old ones) behind the
// optimiser built on them; on CUDA a resumed run would then step tensors nothing uses (dotnet/TorchSharp#877). Here
// each value is copied into the existing parameter or buffer under no_grad, on whatever device it lives, so the
// optimiser keeps the very tensors the module computes with. The stream format is Module.save's, so checkpoints
// written before read the same.
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Networks;

/// <summary>In-place loading of <see cref="nn.Module.save(System.IO.BinaryWriter)"/>'s format.</summary>
public static class ModuleState
{
    /// <summary>
    /// Reads every entry Module.save wrote into <paramref name="module"/>'s own parameters and buffers; throws
    /// <see cref="InvalidDataException"/> when the stream holds other names, shapes or types.
    /// </summary>
    public static void LoadInPlace(nn.Module module, BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(reader);
        Dictionary<string, Tensor> state = module.state_dict();
        long entries = ReadCount(reader);
        if (entries != state.Count)
        {
            throw new InvalidDataException($"the checkpoint holds {entries} tensors for {module.GetName()}, the network has {state.Count}");
        }
        using var noGrad = torch.no_grad();
        for (long i = 0; i < entries; i++)
        {
            string key = reader.ReadString();
            if (!state.TryGetValue(key, out Tensor? tensor))
            {
                throw new InvalidDataException($"the checkpoint holds '{key}', which {module.GetName()} does not have");
            }
            try
            {
                // TorchSharp's in-place tensor load: straight into a CPU tensor, through a CPU copy for any other device.
                tensor.Load(reader);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"the checkpoint's '{key}' does not fit {module.GetName()}: {e.Message}", e);
            }
        }
    }

    // Module.save writes the entry count as an unsigned LEB128 (7 bits a byte, low first); TorchSharp keeps its codec internal.
    private static long ReadCount(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new InvalidDataException("the checkpoint's tensor count is not a valid number");
    }
}
