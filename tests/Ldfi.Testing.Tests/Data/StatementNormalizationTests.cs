using Xunit;

namespace Ldfi.Testing.Tests.Data;

public class StatementNormalizationTests
{
    [Theory]
    [InlineData("INSERT INTO \"charges\" (\"Amount\", \"OrderId\")\nVALUES (@p0, @p1)\nRETURNING \"Id\";", "INSERT charges")]
    [InlineData("insert into public.charges(amount) values (42)", "INSERT charges")]
    [InlineData("SELECT c.\"Id\", c.\"Amount\" FROM \"charges\" AS c WHERE c.\"OrderId\" = 'ord-17'", "SELECT charges")]
    [InlineData("SELECT count(*)::int FROM charges WHERE \"OrderId\" = $1", "SELECT charges")]
    [InlineData("UPDATE \"stock\" SET \"Count\" = @p0 WHERE \"Sku\" = @p1", "UPDATE stock")]
    [InlineData("DELETE FROM charges WHERE id = 7; SELECT 1", "DELETE charges")]
    [InlineData("-- a comment FROM nowhere\n/* another */ SELECT 1", "SELECT")]
    [InlineData("  ", "SQL")]
    public void A_statement_is_named_by_verb_and_main_table_without_literals(string sql, string expected) =>
        Assert.Equal(expected, SqlStatement.Normalize(sql));

    [Theory]
    // EF Core's projection: a scalar subquery in the select list names another table; the statement reads orders.
    [InlineData("SELECT o.\"Id\", (\n    SELECT COALESCE(sum(o0.\"Price\"), 0.0)\n    FROM \"orderItems\" AS o0\n    WHERE o.\"Id\" = o0.\"OrderId\") AS \"Total\"\nFROM orders AS o\nWHERE o.\"Customer\" = @customer", "SELECT orders")]
    // EF Core's Include after First: a derived table with LIMIT, then a join.
    [InlineData("SELECT o1.\"Id\", o1.\"Customer\", o0.\"Id\", o0.\"OrderId\"\nFROM (\n    SELECT o.\"Id\", o.\"Customer\"\n    FROM orders AS o\n    WHERE o.\"Id\" = @id\n    LIMIT 1\n) AS o1\nLEFT JOIN \"orderItems\" AS o0 ON o1.\"Id\" = o0.\"OrderId\"\nORDER BY o1.\"Id\"", "SELECT orders")]
    [InlineData("SELECT * FROM ((SELECT id FROM sales.\"Orders\" LIMIT 5)) t", "SELECT orders")]
    [InlineData("SELECT o.\"Id\", i.\"Sku\" FROM orders AS o INNER JOIN \"orderItems\" AS i ON o.\"Id\" = i.\"OrderId\" ORDER BY o.\"Id\"", "SELECT orders")]
    [InlineData("SELECT a.x FROM ONLY public.audit a", "SELECT audit")]
    // CTEs: named after the main statement, a CTE read by it after the CTE's own target.
    [InlineData("WITH recent AS (SELECT * FROM orders WHERE placed > now() - interval '1 day') SELECT count(*) FROM recent", "SELECT orders")]
    [InlineData("WITH moved (id) AS MATERIALIZED (DELETE FROM queue WHERE id < @n RETURNING id), x AS (SELECT 1) INSERT INTO archive SELECT id FROM moved", "INSERT archive")]
    [InlineData("with recursive tree(id) as (select id from nodes where parent is null union all select n.id from nodes n join tree t on n.parent = t.id) select * from tree", "SELECT nodes")]
    [InlineData("UPDATE ONLY \"Stock\" AS s SET \"Count\" = s.\"Count\" - 1 FROM reservations r WHERE r.sku = s.sku RETURNING s.*", "UPDATE stock")]
    [InlineData("DELETE FROM [dbo].[Charges] WHERE [Id] = @p0", "DELETE charges")]
    [InlineData("INSERT INTO `shop`.`orders` (a) VALUES (1) ON CONFLICT DO NOTHING", "INSERT orders")]
    [InlineData("MERGE INTO stock t USING incoming s ON t.sku = s.sku WHEN MATCHED THEN UPDATE SET n = s.n", "MERGE stock")]
    [InlineData("SELECT 'FROM x', $$ FROM y $$, \"from\" FROM z", "SELECT z")]
    [InlineData("SELECT now()", "SELECT")]
    [InlineData("TRUNCATE TABLE charges", "TRUNCATE charges")]
    public void The_name_is_the_outermost_target_of_the_statement(string sql, string expected) =>
        Assert.Equal(expected, SqlStatement.Normalize(sql));

    [Fact]
    public void Literals_and_parameters_never_change_the_name() =>
        Assert.Equal(
            SqlStatement.Normalize("SELECT * FROM charges WHERE id = 1 AND note = 'FROM x'"),
            SqlStatement.Normalize("SELECT * FROM charges WHERE id = @p0 AND note = 'INTO y'"));

    [Theory]
    [InlineData("SELECT * FROM charges WHERE id = 1 AND note = 'a'", "select *  from charges where id = @p0 and note = E'it''s'")]
    [InlineData("SELECT * FROM charges WHERE id IN (@ids1, @ids2)", "SELECT * FROM charges WHERE id IN (@ids1, @ids2, @ids3) -- Dapper's list")]
    [InlineData("INSERT INTO t (a, b) VALUES (@p0, @p1), (@p2, @p3)", "INSERT INTO t (a, b) VALUES ($1, $2)")]
    [InlineData("SELECT \"Id\" FROM orders", "select \"id\" from ORDERS")]
    public void The_fingerprint_ignores_literals_parameters_comments_case_and_list_lengths(string one, string other)
    {
        Assert.Matches("^[0-9a-f]{4}$", SqlStatement.Fingerprint(one));
        Assert.Equal(SqlStatement.Fingerprint(one), SqlStatement.Fingerprint(other));
    }

    [Fact]
    public void The_fingerprint_tells_apart_statements_that_share_a_name_and_is_the_same_in_every_process()
    {
        const string byId = "SELECT o.\"Id\" FROM orders AS o WHERE o.\"Id\" = @id LIMIT 1";
        const string byCustomer = "SELECT o.\"Id\" FROM orders AS o WHERE o.\"Customer\" = @customer";
        Assert.Equal(SqlStatement.Normalize(byId), SqlStatement.Normalize(byCustomer));
        Assert.NotEqual(SqlStatement.Fingerprint(byId), SqlStatement.Fingerprint(byCustomer));

        // A hash of the text, not string.GetHashCode: fixed values, so names in snapshots survive a new process.
        Assert.Equal(SqlStatement.Fingerprint(byId), SqlStatement.Fingerprint(byId.Replace("@id", "@p0", StringComparison.Ordinal)));
        Assert.Equal("e3b0", SqlStatement.Fingerprint(string.Empty));
    }
}
