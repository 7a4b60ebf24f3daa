// Turns System.Text.Json's reading errors into the one-line problems DrlRobot's config loaders report: the key path
// as the user wrote it, what was expected there (by the type the key maps to) and the line. Compiled into every
// project that reads a config file (trainer, runtime, hardware), each keeping its own internal copy.
using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DrlRobot.Cli;

/// <summary>Describes a <see cref="JsonException"/> as a key path and a problem.</summary>
internal static partial class JsonProblems
{
    /// <summary>
    /// The options every hand-written config is read with (training, safety and hardware configs): snake_case keys,
    /// unknown keys refused, comments and trailing commas allowed, indented when written, and strict (below).
    /// Each reader adds what is its own.
    /// </summary>
    public static JsonSerializerOptions ConfigOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
        };
        MakeStrict(options);
        return options;
    }

    /// <summary>
    /// Options every config reader shares on top of its own: a duplicated key and a null where the record has no
    /// nullable field are errors, not last-wins and not a null that fails later.
    /// </summary>
    public static void MakeStrict(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
    }

    /// <summary>
    /// The key path ("ppo.hidden[1]", "$" for the document), what is wrong there ("expected a whole number up to
    /// 2147483647") and where (" (line 4)", or empty), for an error raised while reading JSON into <paramref name="root"/>.
    /// </summary>
    public static (string Path, string Problem, string Line) Describe(JsonException e, Type root)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(root);
        // System.Text.Json quotes a name that holds a dot or a bracket ("$['ppo.epochs']"); the path names it as written.
        string? raw = e.Path is null ? null : QuotedSegment().Replace(e.Path, m => "." + m.Groups[1].Value);
        string path = raw is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..]
            : raw is { Length: > 1 } q && q.StartsWith("$[", StringComparison.Ordinal) ? q[1..]
            : "$";
        string line = e.LineNumber is long n ? $" (line {n + 1})" : "";
        string message = e.Message;
        if (Quoted(message, "The JSON property '") is { } unknown)
        {
            return (path.EndsWith(unknown, StringComparison.Ordinal) ? path : Join(path, unknown), "unknown key", line);
        }
        if (message.Contains("Duplicate property", StringComparison.Ordinal))
        {
            return (Quoted(message, "property '") is { } key && !path.EndsWith(key, StringComparison.Ordinal) ? Join(path, key) : path, "duplicate key", line);
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("allow", StringComparison.OrdinalIgnoreCase))
        {
            return (path, $"must not be null: expected {Expected(TypeAt(root, path))}", line);
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (path, $"expected {Expected(TypeAt(root, path))}", line);
        }
        int cut = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal), message.Length }.Where(i => i >= 0).Min();
        // Where the text broke is told by the line; the path up to there would only mislead.
        return ("$", $"malformed JSON: {message[..cut].ReplaceLineEndings(" ").Trim().TrimEnd('.')}", line);
    }

    /// <summary>The type a key path leads to from <paramref name="root"/>, or null where it leaves the known types.</summary>
    public static Type? TypeAt(Type root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        Type? type = root;
        if (path == "$")
        {
            return type;
        }
        foreach (string segment in Segments(path))
        {
            if (type is null)
            {
                return null;
            }
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.StartsWith('['))
            {
                type = ElementType(type);
                continue;
            }
            if (DictionaryValueType(type) is { } value)
            {
                type = value;
                continue;
            }
            type = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == segment)?.PropertyType;
        }
        return type;
    }

    /// <summary>What a value of <paramref name="type"/> looks like in JSON, in words.</summary>
    public static string Expected(Type? type) => Words(type, plural: false);

    private static string Words(Type? type, bool plural)
    {
        if (type is null)
        {
            return plural ? "other values" : "another value";
        }
        Type plain = Nullable.GetUnderlyingType(type) ?? type;
        string orNull = plain != type ? (plural ? " or nulls" : " or null") : "";
        if (plain.IsEnum)
        {
            return (plural ? "names among " : "one of ") + string.Join(", ", Enum.GetNames(plain).Select(name => $"\"{JsonNamingPolicy.SnakeCaseLower.ConvertName(name)}\"")) + orNull;
        }
        string a = plural ? "" : "a ";
        string s = plural ? "s" : "";
        string words = Type.GetTypeCode(plain) switch
        {
            TypeCode.Boolean => plural ? "trues or falses" : "true or false",
            TypeCode.String => $"{a}string{s}",
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => $"{a}number{s}",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => plain.GetField("MinValue")!.GetValue(null)!.ToString() == "0"
                    ? $"{a}whole number{s} from 0 to {plain.GetField("MaxValue")!.GetValue(null)}"
                    : $"{a}whole number{s} up to {plain.GetField("MaxValue")!.GetValue(null)}",
            _ => DictionaryValueType(plain) is { } value ? $"{(plural ? "objects" : "an object")} of names to {Words(value, plural: true)}"
                : ElementType(plain) is { } element ? $"{a}list{s} of {Words(element, plural: true)}"
                : plural ? "objects" : "an object",
        };
        return words + orNull;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) && !type.IsInterface)
        {
            return null;
        }
        Type? enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static Type? DictionaryValueType(Type type)
    {
        Type? dictionary = new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)));
        return dictionary?.GetGenericArguments()[1];
    }

    private static IEnumerable<string> Segments(string path)
    {
        int start = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '.' || path[i] == '[')
            {
                if (i > start)
                {
                    yield return path[start..i];
                }
                if (i < path.Length && path[i] == '[')
                {
                    int end = path.IndexOf(']', i);
                    end = end < 0 ? path.Length - 1 : end;
                    yield return path[i..(end + 1)];
                    i = end;
                }
                start = i + 1;
            }
        }
    }

    private static string Join(string path, string key) => path == "$" ? key : $"{path}.{key}";

    private static string? Quoted(string message, string marker)
    {
        int start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        int end = message.IndexOf('\'', start + marker.Length);
        return end > start ? message[(start + marker.Length)..end] : null;
    }

    [GeneratedRegex(@"\['((?:[^'\\]|\\.)*)'\]")]
    private static partial Regex QuotedSegment();
}
