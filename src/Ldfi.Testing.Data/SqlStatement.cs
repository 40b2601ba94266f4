using System.Security.Cryptography;
using System.Text;

namespace Ldfi.Testing;

/// <summary>
/// Names a SQL command for its call site: the verb and the outermost target table of its first statement
/// (<c>INSERT charges</c>, <c>SELECT orders</c>, <c>UPDATE stock</c>), never literals or parameters, so the same command
/// has the same identity in every run. <see cref="Fingerprint"/> tells apart two statements that share a name.
/// </summary>
public static class SqlStatement
{
    private static readonly string[] Clauses = ["INTO", "FROM", "UPDATE", "JOIN", "TABLE"];

    /// <summary>
    /// Normalises <paramref name="commandText"/> to <c>VERB table</c>, or just <c>VERB</c> when it names no table. The table
    /// is the statement's outermost target: the table after the top-level <c>FROM</c> of a <c>SELECT</c> (scalar
    /// subqueries in its select list and joined tables do not count; a derived table <c>FROM (SELECT …) AS t</c> is named
    /// after its own target, a common table expression after the statement that defines it), the table of
    /// <c>INSERT INTO</c>, <c>UPDATE</c>, <c>DELETE FROM</c> and <c>MERGE INTO</c>; unquoted, without schema, lower case.
    /// </summary>
    /// <param name="commandText">The command text.</param>
    /// <returns>The normalised statement; <c>SQL</c> for an empty text.</returns>
    public static string Normalize(string? commandText)
    {
        var tokens = Tokenize(commandText ?? string.Empty, firstStatementOnly: true);
        if (tokens.Count == 0)
        {
            return "SQL";
        }

        var ctes = new Dictionary<string, (int Start, int End)>(StringComparer.Ordinal);
        var at = SkipWith(tokens, 0, tokens.Count, ctes);
        if (at >= tokens.Count || tokens[at].Kind != TokenKind.Word)
        {
            return tokens[0].Kind == TokenKind.Word ? tokens[0].Text.ToUpperInvariant() : "SQL";
        }

        var verb = tokens[at].Text.ToUpperInvariant();
        var table = IsVerb(verb) ? Target(tokens, at, tokens.Count, ctes, 0) : Fallback(tokens, at, verb);
        return table is null ? verb : $"{verb} {table}";
    }

    /// <summary>
    /// A short stable fingerprint of <paramref name="commandText"/>: four hexadecimal digits of a SHA-256 hash of its text
    /// with comments, literals, numbers and parameters removed, identifiers unquoted and lower case, and lists of values
    /// collapsed (so <c>IN (@p1, @p2)</c> and <c>IN (@p1, @p2, @p3)</c> agree). The same statement has the same
    /// fingerprint in every run and every process.
    /// </summary>
    /// <param name="commandText">The command text.</param>
    /// <returns>Four lower-case hexadecimal digits.</returns>
    public static string Fingerprint(string? commandText)
    {
        var text = new StringBuilder();
        foreach (var token in Tokenize(commandText ?? string.Empty, firstStatementOnly: false))
        {
            var part = token.Kind is TokenKind.Literal or TokenKind.Parameter ? "?" : token.Text.ToLowerInvariant();
            text.Append(part).Append(' ');
        }

        var normal = text.ToString();
        string before;
        do
        {
            before = normal;
            normal = normal.Replace("? , ? ", "? ", StringComparison.Ordinal).Replace("( ? ) , ( ? ) ", "( ? ) ", StringComparison.Ordinal);
        }
        while (before != normal);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normal));
        return Convert.ToHexStringLower(hash, 0, 2);
    }

    private static bool IsVerb(string word) =>
        word.ToUpperInvariant() is "SELECT" or "INSERT" or "UPDATE" or "DELETE" or "MERGE";

    private static bool Is(Token token, string word) =>
        token.Kind == TokenKind.Word && token.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    // Skips `WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (…) [, …]`, remembering each body; returns the main verb's index.
    private static int SkipWith(List<Token> tokens, int at, int end, Dictionary<string, (int Start, int End)> ctes)
    {
        if (at >= end || !Is(tokens[at], "WITH"))
        {
            return at;
        }

        var i = at + 1;
        if (i < end && Is(tokens[i], "RECURSIVE"))
        {
            i++;
        }

        while (i < end && tokens[i].Kind is TokenKind.Word or TokenKind.Quoted)
        {
            var name = Unquote(tokens[i]);
            i++;
            if (i < end && tokens[i].Text == "(" && !Is(tokens[Math.Max(i - 1, 0)], "AS"))
            {
                i = Close(tokens, i, end) + 1;
            }

            while (i < end && tokens[i].Text != "(")
            {
                i++;
            }

            if (i >= end)
            {
                return end;
            }

            var close = Close(tokens, i, end);
            ctes.TryAdd(name, (i + 1, close));
            i = close + 1;
            if (i < end && tokens[i].Text == ",")
            {
                i++;
                continue;
            }

            break;
        }

        return i;
    }

    // The outermost target of the statement whose verb is at tokens[at], within [at, end).
    private static string? Target(List<Token> tokens, int at, int end, Dictionary<string, (int Start, int End)> ctes, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        at = SkipWith(tokens, at, end, ctes);
        if (at >= end)
        {
            return null;
        }

        var verb = tokens[at].Text.ToUpperInvariant();
        var i = at + 1;
        switch (verb)
        {
            case "INSERT":
            case "MERGE":
                i = Next(tokens, i, end, "INTO");
                return i < 0 ? null : TableAt(tokens, i + 1, end, ctes, depth);
            case "UPDATE":
                return TableAt(tokens, i, end, ctes, depth);
            case "DELETE":
                i = Next(tokens, i, end, "FROM");
                return i < 0 ? null : TableAt(tokens, i + 1, end, ctes, depth);
            case "SELECT":
                i = Next(tokens, i, end, "FROM");
                return i < 0 ? null : TableAt(tokens, i + 1, end, ctes, depth);
            default:
                return null;
        }
    }

    // The table named at tokens[i] (after ONLY / LATERAL), a derived table's own target, or a CTE's.
    private static string? TableAt(List<Token> tokens, int i, int end, Dictionary<string, (int Start, int End)> ctes, int depth)
    {
        while (i < end && (Is(tokens[i], "ONLY") || Is(tokens[i], "LATERAL")))
        {
            i++;
        }

        if (i >= end)
        {
            return null;
        }

        if (tokens[i].Text == "(")
        {
            var close = Close(tokens, i, end);
            var inner = i + 1;
            while (inner < close && tokens[inner].Text == "(")
            {
                inner++;
            }

            return inner < close && tokens[inner].Kind == TokenKind.Word ? Target(tokens, inner, close, ctes, depth + 1) : null;
        }

        if (tokens[i].Kind is not (TokenKind.Word or TokenKind.Quoted))
        {
            return null;
        }

        // Schema-qualified: the last part of a.b.c.
        var name = Unquote(tokens[i]);
        while (i + 2 < end && tokens[i + 1].Text == "." && tokens[i + 2].Kind is TokenKind.Word or TokenKind.Quoted)
        {
            i += 2;
            name = Unquote(tokens[i]);
        }

        if (ctes.TryGetValue(name, out var body) && depth < 8)
        {
            ctes.Remove(name); // a recursive CTE names itself
            var inner = body.Start;
            while (inner < body.End && tokens[inner].Text == "(")
            {
                inner++;
            }

            return Target(tokens, inner, body.End, ctes, depth + 1) ?? name;
        }

        return name.Length == 0 || IsVerb(name) ? null : name;
    }

    // The index of the keyword at the statement's own level (not inside parentheses), or -1.
    private static int Next(List<Token> tokens, int i, int end, string keyword)
    {
        var level = 0;
        for (; i < end; i++)
        {
            var text = tokens[i].Text;
            if (tokens[i].Kind == TokenKind.Punctuation)
            {
                level += text == "(" ? 1 : text == ")" ? -1 : 0;
                if (level < 0)
                {
                    return -1;
                }
            }
            else if (level == 0 && Is(tokens[i], keyword))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Close(List<Token> tokens, int open, int end)
    {
        var level = 0;
        for (var i = open; i < end; i++)
        {
            if (tokens[i].Kind != TokenKind.Punctuation)
            {
                continue;
            }

            level += tokens[i].Text == "(" ? 1 : tokens[i].Text == ")" ? -1 : 0;
            if (level == 0)
            {
                return i;
            }
        }

        return end;
    }

    // Any other statement (TRUNCATE TABLE x, CREATE TABLE x, COPY x FROM …): the first name after a clause keyword.
    private static string? Fallback(List<Token> tokens, int at, string verb)
    {
        for (var i = at + 1; i + 1 < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Word && Clauses.Contains(tokens[i].Text.ToUpperInvariant()) && !tokens[i].Text.Equals(verb, StringComparison.OrdinalIgnoreCase))
            {
                return TableAt(tokens, i + 1, tokens.Count, [], 0);
            }
        }

        return null;
    }

    private static string Unquote(Token token) => token.Text.ToLowerInvariant();

    private enum TokenKind
    {
        Word,
        Quoted,
        Literal,
        Parameter,
        Punctuation,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    // Words, quoted identifiers (their content), literals, parameters and punctuation; comments and white space skipped.
    private static List<Token> Tokenize(string sql, bool firstStatementOnly)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && next == '-')
            {
                i = sql.IndexOf('\n', i) is var nl and >= 0 ? nl + 1 : sql.Length;
            }
            else if (c == '/' && next == '*')
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 2 : sql.Length;
            }
            else if (c == '\'' || (c is 'E' or 'e' or 'N' or 'n' or 'B' or 'b' or 'X' or 'x' && next == '\'' && (i == 0 || !IsWordChar(sql[i - 1]))))
            {
                var open = c == '\'' ? i : i + 1;
                i = EndOfQuoted(sql, open, '\'', backslash: c is 'E' or 'e');
                tokens.Add(new Token(TokenKind.Literal, "?"));
            }
            else if (c is '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var end = EndOfQuoted(sql, i, close, backslash: false);
                tokens.Add(new Token(TokenKind.Quoted, sql[(i + 1)..Math.Max(i + 1, end - 1)].Replace(new string(close, 2), new string(close, 1), StringComparison.Ordinal)));
                i = end;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end >= 0 ? end + tag.Length : sql.Length;
                tokens.Add(new Token(TokenKind.Literal, "?"));
            }
            else if (c is '@' or '?' or '$' || (c == ':' && next != ':' && IsWordChar(next) && (i == 0 || sql[i - 1] != ':')))
            {
                i++;
                while (i < sql.Length && IsWordChar(sql[i]))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Parameter, "?"));
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(next)))
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Literal, "?"));
            }
            else if (IsWordChar(c))
            {
                var start = i;
                while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, sql[start..i]));
            }
            else
            {
                if (c == ';' && firstStatementOnly)
                {
                    break;
                }

                tokens.Add(new Token(TokenKind.Punctuation, c.ToString()));
                i++;
            }
        }

        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static int EndOfQuoted(string sql, int open, char close, bool backslash)
    {
        var i = open + 1;
        while (i < sql.Length)
        {
            if (backslash && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == close)
            {
                if (i + 1 < sql.Length && sql[i + 1] == close)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    // A PostgreSQL dollar quote's opening tag ($$ or $tag$), or null for a positional parameter ($1).
    private static string? DollarTag(string sql, int i)
    {
        var j = i + 1;
        while (j < sql.Length && (char.IsLetter(sql[j]) || sql[j] == '_' || (j > i + 1 && char.IsDigit(sql[j]))))
        {
            j++;
        }

        return j < sql.Length && sql[j] == '$' ? sql[i..(j + 1)] : null;
    }
}
