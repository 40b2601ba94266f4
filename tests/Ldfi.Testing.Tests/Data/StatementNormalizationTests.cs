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

    [Fact]
    public void Literals_and_parameters_never_change_the_name() =>
        Assert.Equal(
            SqlStatement.Normalize("SELECT * FROM charges WHERE id = 1 AND note = 'FROM x'"),
            SqlStatement.Normalize("SELECT * FROM charges WHERE id = @p0 AND note = 'INTO y'"));
}
