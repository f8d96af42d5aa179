using System.Globalization;

namespace TypedMpi.Binding;

public static partial class LinuxTopologyReader
{
    /// <summary>
    /// The node's GPUs: PCI devices whose class is a display controller (<c>0x0300xx</c> VGA, <c>0x0302xx</c> 3D,
    /// <c>0x0380xx</c> other, which is how AMD Instinct and Intel data-center GPUs report) from NVIDIA, AMD or Intel,
    /// with their <c>numa_node</c>.
    /// </summary>
    /// <remarks>
    /// Devices come from <c>/sys/bus/pci/devices</c>; when that shows none, from the PCI devices behind
    /// <c>/sys/class/drm/cardN</c>; when that shows none either, from <c>/dev/nvidiaN</c> (NVIDIA, NUMA unknown). A node
    /// with GPUs of several vendors keeps the vendor with the most (ties: NVIDIA, AMD, Intel), so an integrated GPU
    /// does not take an id next to the discrete ones. Ids are indices in PCI address order. A <c>numa_node</c> of -1, or
    /// one that names no NUMA node with CPUs, is unknown, except on a node with a single NUMA node, where it can
    /// only be that one.
    /// </remarks>
    private static List<GpuDevice> ReadGpus(string root, HashSet<int> numaNodes)
    {
        var found = FromPciDevices(root);
        if (found.Count == 0)
        {
            found = FromDrmCards(root);
        }

        if (found.Count == 0)
        {
            return FromNvidiaDeviceFiles(root, numaNodes);
        }

        var vendor = found
            .GroupBy(device => device.Vendor)
            .OrderByDescending(group => group.Count()).ThenBy(group => VendorPreference(group.Key))
            .First().Key;
        return found
            .Where(device => device.Vendor == vendor)
            .OrderBy(device => device.Address, StringComparer.Ordinal)
            .Select((device, index) => new GpuDevice(index, vendor, device.Address, Locality(device.NumaNode, numaNodes)))
            .ToList();
    }

    private static List<PciGpu> FromPciDevices(string root)
    {
        var result = new List<PciGpu>();
        var directory = Path.Combine(root, "sys/bus/pci/devices");
        if (Directory.Exists(directory))
        {
            foreach (var device in Directory.EnumerateFileSystemEntries(directory))
            {
                if (ReadPciGpu(device, Path.GetFileName(device)) is { } gpu)
                {
                    result.Add(gpu);
                }
            }
        }

        return result;
    }

    private static List<PciGpu> FromDrmCards(string root)
    {
        var result = new Dictionary<string, PciGpu>(StringComparer.Ordinal);
        var directory = Path.Combine(root, "sys/class/drm");
        if (Directory.Exists(directory))
        {
            foreach (var card in Directory.EnumerateFileSystemEntries(directory, "card*"))
            {
                if (NumberAfter(Path.GetFileName(card), "card") is null)
                {
                    continue; // card0-DP-1 and the like are connectors
                }

                var device = Path.Combine(card, "device");
                var address = SlotName(device) ?? Path.GetFileName(card);
                if (ReadPciGpu(device, address) is { } gpu)
                {
                    result.TryAdd(address, gpu);
                }
            }
        }

        return [.. result.Values];
    }

    private static List<GpuDevice> FromNvidiaDeviceFiles(string root, HashSet<int> numaNodes)
    {
        var directory = Path.Combine(root, "dev");
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(directory, "nvidia*")
            .Select(entry => NumberAfter(Path.GetFileName(entry), "nvidia"))
            .OfType<int>()
            .Order()
            .Select(id => new GpuDevice(id, GpuVendor.Nvidia, null, Locality(null, numaNodes)))
            .ToList();
    }

    /// <summary>The GPU at a PCI device directory, or null when the device is not a GPU of a known vendor.</summary>
    private static PciGpu? ReadPciGpu(string device, string address)
    {
        var deviceClass = ReadHex(Path.Combine(device, "class"));
        var vendor = ReadHex(Path.Combine(device, "vendor"));
        if (deviceClass is not { } c || (c >> 8) is not (0x0300 or 0x0302 or 0x0380)
            || vendor is not ((int)GpuVendor.Nvidia or (int)GpuVendor.Amd or (int)GpuVendor.Intel))
        {
            return null;
        }

        return new PciGpu(address, (GpuVendor)vendor.Value, ReadInt(Path.Combine(device, "numa_node")));
    }

    /// <summary>PCI_SLOT_NAME from the device's uevent, e.g. <c>0000:3b:00.0</c>.</summary>
    private static string? SlotName(string device)
    {
        const string Field = "PCI_SLOT_NAME=";
        foreach (var line in (ReadText(Path.Combine(device, "uevent")) ?? "").Split('\n'))
        {
            if (line.StartsWith(Field, StringComparison.Ordinal))
            {
                return line[Field.Length..].Trim();
            }
        }

        return null;
    }

    private static int? Locality(int? numaNode, HashSet<int> numaNodes) =>
        numaNode is { } node && numaNodes.Contains(node) ? node
        : numaNodes.Count == 1 ? numaNodes.Single()
        : null;

    private static int VendorPreference(GpuVendor vendor) => vendor switch
    {
        GpuVendor.Nvidia => 0,
        GpuVendor.Amd => 1,
        _ => 2,
    };

    private static int? ReadHex(string path)
    {
        var text = ReadText(path)?.Trim();
        if (text is null)
        {
            return null;
        }

        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private sealed record PciGpu(string Address, GpuVendor Vendor, int? NumaNode);
}
