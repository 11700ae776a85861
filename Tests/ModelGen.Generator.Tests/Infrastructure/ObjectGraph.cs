using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator.Tests.Infrastructure;

/// <summary>
/// Walks an object graph through every instance field (public or not, base types included) and reports
/// each place that holds a Roslyn object the pipeline must not keep after parsing (docs/contributing.md, Generator rules): such an
/// object pins a whole compilation in the generator's cache and defeats its equality checks.
/// </summary>
internal static class ObjectGraph
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SyntaxToken), typeof(SyntaxTrivia), typeof(SyntaxReference),
        typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(AttributeData), typeof(TypedConstant),
    ];

    /// <summary>"path: type" for every forbidden object reachable from <paramref name="root"/>; empty when the graph is pure.</summary>
    public static List<string> FindRoslynObjects(object? root, string rootName)
    {
        var found = new List<string>();
        Walk(root, rootName, new HashSet<object>(ReferenceEqualityComparer.Instance), found);
        return found;
    }

    /// <summary>Whether a value of <paramref name="type"/> is one the pipeline may not hold.</summary>
    public static bool IsForbidden(Type type) => s_forbidden.Any(f => f.IsAssignableFrom(type));

    private static void Walk(object? value, string path, HashSet<object> seen, List<string> found)
    {
        if (value is null)
        {
            return;
        }

        Type type = value.GetType();
        if (IsForbidden(type))
        {
            found.Add(path + ": " + type.FullName);
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal)
        {
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is Array array)
        {
            int i = 0;
            foreach (object? item in array)
            {
                Walk(item, path + "[" + i++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", seen, found);
            }

            return;
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    found.Add(path + "." + field.Name + ": unexpected pointer or ref struct " + field.FieldType);
                    continue;
                }

                Walk(field.GetValue(value), path + "." + field.Name, seen, found);
            }
        }
    }

    /// <summary>
    /// The declared field types reachable from <paramref name="root"/>: a field typed object, or as an interface
    /// or non-sealed class that a Roslyn type could implement, could hold one even if this run's values do not.
    /// </summary>
    public static List<string> FindLooseFieldTypes(Type root)
    {
        var found = new List<string>();
        var seen = new HashSet<Type>();
        var queue = new Queue<(Type Type, string Path)>();
        queue.Enqueue((root, root.Name));
        while (queue.Count > 0)
        {
            (Type type, string path) = queue.Dequeue();
            if (!seen.Add(type) || type.IsPrimitive || type.IsEnum || type == typeof(string))
            {
                continue;
            }

            if (type.IsArray)
            {
                queue.Enqueue((type.GetElementType()!, path + "[]"));
                continue;
            }

            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Type f = field.FieldType;
                string at = path + "." + field.Name;
                if (IsForbidden(f) || f == typeof(object) || (f.IsInterface && !IsEquatableInterface(f)) || (f.IsClass && !f.IsSealed && !f.IsArray && f != typeof(string)))
                {
                    found.Add(at + ": " + f);
                    continue;
                }

                queue.Enqueue((f, at));
            }
        }

        return found;
    }

    private static bool IsEquatableInterface(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEquatable<>);
}
