// What the process knows about the libstdc++ compatibility fix for TorchSharp (see build/torch-compat/).
namespace DrlRobot.Trainer.Torch;

/// <summary>Whether the libstdc++ fix was needed and is in use in this process.</summary>
public enum CompatFixState
{
    /// <summary>The loaded libstdc++ defines GLIBCXX_3.4.32; TorchSharp is used unpatched.</summary>
    NotNeeded,

    /// <summary>The loaded libstdc++ lacks GLIBCXX_3.4.32 and the shim is loaded: the patched library is in use.</summary>
    Applied,

    /// <summary>The loaded libstdc++ lacks GLIBCXX_3.4.32 and the shim is not loaded (an unpatched build).</summary>
    Missing,

    /// <summary>Not Linux, or libtorch is not loaded yet, so there is nothing to tell.</summary>
    Unknown,
}

/// <summary>Reads the process's memory map to tell which libstdc++ it uses and whether the shim is loaded.</summary>
public static class LibstdcxxCompat
{
    /// <summary>The version TorchSharp 0.107.0 needs and Debian 12's libstdc++ lacks.</summary>
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    /// <summary>The shim's file name, as build/torch-compat/apply.sh installs it.</summary>
    public const string ShimName = "libdrlrobot_glibcxx_compat.so";

    /// <summary>The state of the fix in this process; call after libtorch is loaded.</summary>
    public static (CompatFixState State, string? LibstdcxxPath) Inspect(string mapsPath = "/proc/self/maps")
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(mapsPath))
        {
            return (CompatFixState.Unknown, null);
        }
        string? libstdcxx = null;
        bool shimLoaded = false;
        foreach (string path in MappedFiles(mapsPath))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith("libstdc++.so", StringComparison.Ordinal))
            {
                libstdcxx ??= path;
            }
            else if (name == ShimName)
            {
                shimLoaded = true;
            }
        }
        if (libstdcxx is null)
        {
            return (CompatFixState.Unknown, null);
        }
        if (DefinesVersion(libstdcxx, RequiredVersion))
        {
            return (CompatFixState.NotNeeded, libstdcxx);
        }
        return (shimLoaded ? CompatFixState.Applied : CompatFixState.Missing, libstdcxx);
    }

    /// <summary>The paths of the files mapped into this process (Linux: /proc/self/maps), in map order; none elsewhere.</summary>
    public static IEnumerable<string> MappedFiles(string mapsPath = "/proc/self/maps")
    {
        if (!File.Exists(mapsPath))
        {
            yield break;
        }
        foreach (string line in File.ReadLines(mapsPath))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                yield return line[slash..];
            }
        }
    }

    /// <summary>True when the library's version names include <paramref name="version"/>.</summary>
    public static bool DefinesVersion(string libraryPath, string version)
    {
        byte[] image = File.ReadAllBytes(libraryPath);
        byte[] needle = System.Text.Encoding.ASCII.GetBytes(version + "\0");
        return image.AsSpan().IndexOf(needle) >= 0;
    }
}
