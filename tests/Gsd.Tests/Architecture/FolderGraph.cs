using System.Reflection.Emit;
using System.Reflection;

namespace Gsd.Tests.Architecture;

/// <summary>
/// Which folders (namespaces <c>Gsd.&lt;Folder&gt;</c>) of the gsd assembly use which, read from the compiled code: signatures,
/// attributes and every type or member token in method bodies — so a fully qualified name counts as much as a using.
/// </summary>
internal static class FolderGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Folder → (used folder → one example "Type uses Type" for the message).</summary>
    public static Dictionary<string, Dictionary<string, string>> Build(Assembly assembly)
    {
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null)
            {
                continue;
            }
            foreach (var used in UsedTypes(type))
            {
                var to = used.Assembly == assembly ? FolderOf(used) : null;
                if (to is null || to == from)
                {
                    continue;
                }
                var row = edges.TryGetValue(from, out var r) ? r : edges[from] = new(StringComparer.Ordinal);
                row.TryAdd(to, $"{type.FullName} uses {used.FullName}");
            }
        }
        return edges;
    }

    /// <summary>"Planning" for Gsd.Planning.X (nested and compiler-generated types included); "" for the root namespace; null for Program.</summary>
    public static string? FolderOf(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }
        if (type.Name == "Program" || type.Namespace is null || !type.Namespace.StartsWith("Gsd", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = type.Namespace.Split('.');
        return parts.Length > 1 ? parts[1] : "";
    }

    private static HashSet<Type> UsedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t))
            {
                return;
            }
            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var a in t.GetGenericArguments())
                {
                    Add(a);
                }
            }
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }
        foreach (var a in type.GetCustomAttributesData())
        {
            Add(a.AttributeType);
            foreach (var arg in a.ConstructorArguments)
            {
                Add(arg.Value as Type);
            }
        }
        foreach (var f in type.GetFields(all))
        {
            Add(f.FieldType);
        }
        foreach (var p in type.GetProperties(all))
        {
            Add(p.PropertyType);
        }
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
            {
                Add(mi.ReturnType);
            }
            foreach (var p in m.GetParameters())
            {
                Add(p.ParameterType);
            }
            foreach (var t in BodyTypes(m))
            {
                Add(t);
            }
        }
        return found;
    }

    private static IEnumerable<Type> BodyTypes(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }
        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }
        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xFE)
            {
                op = OpCodesByValue[unchecked((short)(0xFE00 | il[i + 1]))];
                i += 2;
            }
            else
            {
                op = OpCodesByValue[il[i]];
                i += 1;
            }
            switch (op.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    foreach (var t in Resolve(module, token, typeArgs, methodArgs))
                    {
                        yield return t;
                    }
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, i);
                    i += 4 + (4 * count);
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static List<Type> Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            var member = module.ResolveMember(token, typeArgs, methodArgs);
            var types = new List<Type>();
            if ((member as Type ?? member?.DeclaringType) is { } owner)
            {
                types.Add(owner);
            }
            if (member is FieldInfo field)
            {
                types.Add(field.FieldType);
            }
            return types;
        }
        catch (ArgumentException)
        {
            // A token of a generic context this walk does not model: its declaring type is still in signatures.
            return [];
        }
    }
}
