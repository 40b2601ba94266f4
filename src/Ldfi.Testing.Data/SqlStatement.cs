namespace Ldfi.Testing;

/// <summary>
/// Names a SQL command for its call site: the verb and the main table of its first statement (<c>INSERT charges</c>,
/// <c>SELECT charges</c>, <c>UPDATE stock</c>), never literals or parameters, so the same command has the same identity in every run.
/// </summary>
public static class SqlStatement
{
    private static readonly string[] Clauses = ["INTO", "FROM", "UPDATE", "JOIN", "TABLE"];

    /// <summary>Normalises <paramref name="commandText"/> to <c>VERB table</c>, or just <c>VERB</c> when it names no table.</summary>
    /// <param name="commandText">The command text.</param>
    /// <returns>The normalised statement; <c>SQL</c> for an empty text.</returns>
    public static string Normalize(string? commandText)
    {
        var words = Words(commandText ?? string.Empty).Take(1024).ToList();
        if (words.Count == 0)
        {
            return "SQL";
        }

        var verb = words[0].ToUpperInvariant();
        if (verb == "WITH" && words.FindIndex(1, w => IsVerb(w)) is var at and > 0)
        {
            // A CTE: name the statement after its main verb.
            verb = words[at].ToUpperInvariant();
            words = words[at..];
        }

        var start = verb == "UPDATE" ? 0 : words.FindIndex(w => Clauses.Contains(w.ToUpperInvariant()) && !w.Equals(verb, StringComparison.OrdinalIgnoreCase));
        var table = start >= 0 && start + 1 < words.Count ? Table(words[start + 1]) : null;
        return table is null ? verb : $"{verb} {table}";
    }

    private static bool IsVerb(string word) =>
        word.ToUpperInvariant() is "SELECT" or "INSERT" or "UPDATE" or "DELETE" or "MERGE";

    private static string? Table(string word)
    {
        var name = word.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("[", string.Empty, StringComparison.Ordinal)
            .Replace("]", string.Empty, StringComparison.Ordinal).Replace("`", string.Empty, StringComparison.Ordinal);
        var dot = name.LastIndexOf('.');
        name = dot >= 0 ? name[(dot + 1)..] : name;
        return name.Length == 0 || IsVerb(name) || name[0] == '@' || name[0] == '$' ? null : name.ToLowerInvariant();
    }

    // Splits into words, skipping comments and string literals, stopping at the end of the first statement.
    private static IEnumerable<string> Words(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == ';')
            {
                yield break;
            }

            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                i = sql.IndexOf('\n', i) is var nl and >= 0 ? nl : sql.Length;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length;
            }
            else if (c == '\'')
            {
                i = sql.IndexOf('\'', i + 1) is var end and >= 0 ? end + 1 : sql.Length;
            }
            else if (char.IsWhiteSpace(c) || c is ',' or '(' or ')')
            {
                i++;
            }
            else
            {
                var start = i;
                while (i < sql.Length && !char.IsWhiteSpace(sql[i]) && sql[i] is not (',' or ';' or '(' or ')' or '\''))
                {
                    i++;
                }

                yield return sql[start..i];
            }
        }
    }
}
