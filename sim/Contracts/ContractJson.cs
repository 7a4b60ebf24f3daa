// JSON form of the robot contract: what the ONNX metadata and `drl-train envs --json` carry.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DrlRobot.Sim.Contracts;

/// <summary>Reads and writes <see cref="RobotContract"/> as snake_case JSON, rejecting unknown keys.</summary>
public static class ContractJson
{
    /// <summary>The serializer settings used for contracts everywhere in DrlRobot.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = false,
    };

    /// <summary>The contract as compact JSON.</summary>
    public static string Serialize(RobotContract contract) => JsonSerializer.Serialize(contract, Options);

    /// <summary>Parses and validates a contract; throws <see cref="FormatException"/> with one line on any error.</summary>
    public static RobotContract Deserialize(string json)
    {
        RobotContract? contract;
        try
        {
            contract = JsonSerializer.Deserialize<RobotContract>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"invalid contract JSON: {e.Message}", e);
        }
        if (contract is null)
        {
            throw new FormatException("invalid contract JSON: null");
        }
        try
        {
            contract.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"invalid contract: {e.Message}", e);
        }
        return contract;
    }
}
