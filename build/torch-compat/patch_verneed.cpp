// Patches a copy of TorchSharp's native library so that it loads on a libstdc++ that lacks one symbol version.
//
//   patch_verneed FILE VERSION SHIM_SONAME
//
// 1. Marks the version need VERSION (for example GLIBCXX_3.4.32) weak (VER_FLG_WEAK in .gnu.version_r), so the
//    dynamic loader no longer refuses the library when the installed libstdc++ does not define that version.
// 2. Adds SHIM_SONAME as a DT_NEEDED entry, so the shim that supplies the missing symbol is loaded with it and
//    found through the library's $ORIGIN run path. The entry takes the first spare DT_NULL slot of .dynamic, and its
//    name is written over the tail of the DT_RUNPATH string, which is cut down to "$ORIGIN/"; the tool checks that
//    no other name in the library points into the bytes it overwrites.
//
// The file is rewritten atomically (temporary file, then rename). Running it again on a patched file changes
// nothing. Exit codes: 0 patched or already patched, 1 the file cannot be patched (the reason is printed).
#include <elf.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace
{
constexpr const char* kOrigin = "$ORIGIN/";

struct Failure
{
    std::string message;
};

template <typename T>
T* At(std::vector<char>& image, size_t offset)
{
    if (offset + sizeof(T) > image.size())
    {
        throw Failure{"truncated ELF file"};
    }
    return reinterpret_cast<T*>(image.data() + offset);
}

const Elf64_Shdr* FindSection(std::vector<char>& image, Elf64_Word type)
{
    auto* header = At<Elf64_Ehdr>(image, 0);
    for (int i = 0; i < header->e_shnum; ++i)
    {
        auto* section = At<Elf64_Shdr>(image, header->e_shoff + static_cast<size_t>(i) * header->e_shentsize);
        if (section->sh_type == type)
        {
            return section;
        }
    }
    return nullptr;
}

bool MarkVersionWeak(std::vector<char>& image, const Elf64_Shdr& verneed, const Elf64_Shdr& dynstr,
                     const std::string& version)
{
    bool found = false;
    size_t needOffset = verneed.sh_offset;
    for (Elf64_Word n = 0; n < verneed.sh_info; ++n)
    {
        auto* need = At<Elf64_Verneed>(image, needOffset);
        size_t auxOffset = needOffset + need->vn_aux;
        for (Elf64_Half a = 0; a < need->vn_cnt; ++a)
        {
            auto* aux = At<Elf64_Vernaux>(image, auxOffset);
            if (version == image.data() + dynstr.sh_offset + aux->vna_name)
            {
                aux->vna_flags |= VER_FLG_WEAK;
                found = true;
            }
            auxOffset += aux->vna_next;
        }
        needOffset += need->vn_next;
    }
    return found;
}

// Every name of the library that is an offset into .dynstr, so that the rewrite of the run path can prove that it
// does not clobber a string shared through suffix merging.
std::vector<Elf64_Word> NameOffsets(std::vector<char>& image, const Elf64_Shdr& dynamic, const Elf64_Shdr* dynsym,
                                    const Elf64_Shdr& verneed, Elf64_Sxword skipTag)
{
    std::vector<Elf64_Word> names;
    for (size_t off = dynamic.sh_offset; off + sizeof(Elf64_Dyn) <= dynamic.sh_offset + dynamic.sh_size;
         off += sizeof(Elf64_Dyn))
    {
        auto* entry = At<Elf64_Dyn>(image, off);
        bool isName = entry->d_tag == DT_NEEDED || entry->d_tag == DT_SONAME || entry->d_tag == DT_RPATH ||
                      entry->d_tag == DT_RUNPATH;
        if (isName && entry->d_tag != skipTag)
        {
            names.push_back(static_cast<Elf64_Word>(entry->d_un.d_val));
        }
    }
    if (dynsym != nullptr)
    {
        for (size_t off = dynsym->sh_offset; off < dynsym->sh_offset + dynsym->sh_size; off += sizeof(Elf64_Sym))
        {
            names.push_back(At<Elf64_Sym>(image, off)->st_name);
        }
    }
    size_t needOffset = verneed.sh_offset;
    for (Elf64_Word n = 0; n < verneed.sh_info; ++n)
    {
        auto* need = At<Elf64_Verneed>(image, needOffset);
        names.push_back(need->vn_file);
        size_t auxOffset = needOffset + need->vn_aux;
        for (Elf64_Half a = 0; a < need->vn_cnt; ++a)
        {
            auto* aux = At<Elf64_Vernaux>(image, auxOffset);
            names.push_back(aux->vna_name);
            auxOffset += aux->vna_next;
        }
        needOffset += need->vn_next;
    }
    return names;
}

// Returns false when the shim is already a dependency.
bool AddNeeded(std::vector<char>& image, const Elf64_Shdr& dynamic, const Elf64_Shdr& dynstr,
               const Elf64_Shdr* dynsym, const Elf64_Shdr& verneed, const std::string& shim)
{
    Elf64_Dyn* runPath = nullptr;
    Elf64_Dyn* spare = nullptr;
    size_t end = dynamic.sh_offset + dynamic.sh_size;
    for (size_t off = dynamic.sh_offset; off + sizeof(Elf64_Dyn) <= end; off += sizeof(Elf64_Dyn))
    {
        auto* entry = At<Elf64_Dyn>(image, off);
        if (entry->d_tag == DT_NEEDED && shim == image.data() + dynstr.sh_offset + entry->d_un.d_val)
        {
            return false;
        }
        if (entry->d_tag == DT_RUNPATH)
        {
            runPath = entry;
        }
        if (entry->d_tag == DT_NULL)
        {
            // The first DT_NULL ends the array; the loader needs it to stay, so a spare slot is one followed by
            // another DT_NULL.
            bool hasNext = off + 2 * sizeof(Elf64_Dyn) <= end;
            if (hasNext && At<Elf64_Dyn>(image, off + sizeof(Elf64_Dyn))->d_tag == DT_NULL)
            {
                spare = entry;
            }
            break;
        }
    }
    if (runPath == nullptr)
    {
        throw Failure{"no DT_RUNPATH entry to hold the shim's name"};
    }
    if (spare == nullptr)
    {
        throw Failure{"no spare slot in .dynamic for a DT_NEEDED entry"};
    }

    Elf64_Word start = static_cast<Elf64_Word>(runPath->d_un.d_val);
    char* text = image.data() + dynstr.sh_offset + start;
    size_t length = std::strlen(text);
    size_t originLength = std::strlen(kOrigin);
    if (std::strncmp(text, kOrigin, originLength) != 0)
    {
        throw Failure{std::string("the run path does not start with $ORIGIN/: ") + text};
    }
    if (originLength + 1 + shim.size() > length)
    {
        throw Failure{"the run path is too short to hold the shim's name"};
    }
    for (Elf64_Word name : NameOffsets(image, dynamic, dynsym, verneed, DT_RUNPATH))
    {
        if (name > start + originLength && name <= start + length)
        {
            throw Failure{"another name shares the bytes of the run path"};
        }
    }

    std::memset(text + originLength, 0, length - originLength);
    std::memcpy(text + originLength + 1, shim.c_str(), shim.size());
    spare->d_tag = DT_NEEDED;
    spare->d_un.d_val = start + originLength + 1;
    return true;
}
}  // namespace

int main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: patch_verneed FILE VERSION SHIM_SONAME\n");
        return 1;
    }
    std::string path = argv[1];
    try
    {
        std::ifstream input(path, std::ios::binary);
        if (!input)
        {
            throw Failure{"cannot read the file"};
        }
        std::vector<char> image((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
        auto* header = At<Elf64_Ehdr>(image, 0);
        if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_ident[EI_CLASS] != ELFCLASS64 ||
            header->e_ident[EI_DATA] != ELFDATA2LSB)
        {
            throw Failure{"not a 64-bit little-endian ELF file"};
        }
        const Elf64_Shdr* verneed = FindSection(image, SHT_GNU_verneed);
        const Elf64_Shdr* dynamic = FindSection(image, SHT_DYNAMIC);
        const Elf64_Shdr* dynsym = FindSection(image, SHT_DYNSYM);
        if (verneed == nullptr || dynamic == nullptr)
        {
            throw Failure{"no .gnu.version_r or .dynamic section"};
        }
        auto* dynstr = At<Elf64_Shdr>(image, header->e_shoff + static_cast<size_t>(verneed->sh_link) *
                                                                   header->e_shentsize);
        if (!MarkVersionWeak(image, *verneed, *dynstr, argv[2]))
        {
            throw Failure{std::string("the file does not need version ") + argv[2]};
        }
        bool added = AddNeeded(image, *dynamic, *dynstr, dynsym, *verneed, argv[3]);

        std::string temporary = path + ".patching";
        {
            std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
            output.write(image.data(), static_cast<std::streamsize>(image.size()));
            if (!output.flush())
            {
                throw Failure{"cannot write " + temporary};
            }
        }
        if (std::rename(temporary.c_str(), path.c_str()) != 0)
        {
            std::remove(temporary.c_str());
            throw Failure{"cannot replace the file"};
        }
        std::printf("%s: %s\n", path.c_str(), added ? "patched" : "already patched");
        return 0;
    }
    catch (const Failure& failure)
    {
        std::fprintf(stderr, "patch_verneed: %s: %s\n", path.c_str(), failure.message.c_str());
        return 1;
    }
}
