using System.Text.Json.Serialization.Metadata;
using System.Text.Json;

namespace Gsd.IO;

/// <summary>Reads and atomically writes JSON state files with source-generated metadata.</summary>
public static class JsonFile
{
    public static void Write<T>(string path, T value, JsonTypeInfo<T> typeInfo, Durability durability = Durability.Disk) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, typeInfo) + "\n", durability);

    /// <summary>Null when the file is absent; a corrupt file throws <see cref="GsdException"/> naming it.</summary>
    public static T? Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(text, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new GsdException($"{path}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }
    }
}
