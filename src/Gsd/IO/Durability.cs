namespace Gsd.IO;

/// <summary>What an atomic write must survive besides its writer's own crash (which the rename alone covers).</summary>
public enum Durability
{
    /// <summary>Flushed to disk before the rename, so it survives power loss: plans, ledgers, preferences.</summary>
    Disk,

    /// <summary>
    /// Renamed without a flush: for records of live processes (locks, agent records), which a machine's crash makes stale
    /// anyway; a flush per record cost each unit ~0.5 ms per write, several times over. Status files keep the flush:
    /// one torn by a reboot would make `parallel status` report it unreadable.
    /// </summary>
    Process,
}
