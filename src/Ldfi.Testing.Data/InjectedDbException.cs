using System.Data.Common;

namespace Ldfi.Testing;

/// <summary>The database boundary's fault for a provider it does not know: a <see cref="DbException"/> with <see cref="IsTransient"/> set.</summary>
public sealed class InjectedDbException : DbException
{
    private readonly bool isTransient;

    /// <summary>Initializes a new instance of the <see cref="InjectedDbException"/> class.</summary>
    public InjectedDbException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedDbException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InjectedDbException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedDbException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InjectedDbException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedDbException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="isTransient">Whether retrying may succeed.</param>
    /// <param name="innerException">The cause.</param>
    public InjectedDbException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => this.isTransient = isTransient;

    /// <inheritdoc/>
    public override bool IsTransient => isTransient;
}
