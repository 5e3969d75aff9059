"""Word lists for synthetic Indonesian company and person names and cities."""

from __future__ import annotations

LEGAL_FORMS = ("PT", "CV", "UD", "Koperasi")
LEGAL_FORM_WEIGHTS = (0.45, 0.35, 0.15, 0.05)

NAME_WORDS = (
    "Sumber", "Maju", "Berkah", "Sinar", "Cahaya", "Karya", "Mitra", "Tunas", "Sentosa", "Abadi",
    "Jaya", "Makmur", "Sejahtera", "Mandiri", "Agung", "Bintang", "Harapan", "Surya", "Mulia",
    "Prima", "Nusantara", "Lestari", "Barokah", "Anugerah", "Rejeki", "Utama", "Gemilang",
    "Sakti", "Perkasa", "Santosa", "Wijaya", "Bahagia", "Sukses", "Mega", "Putra", "Sari",
)  # fmt: skip

REGIONAL_WORDS = {
    "Jawa Timur": ("Brawijaya", "Majapahit", "Arek", "Bromo", "Kertajaya", "Semeru", "Tengger", "Kawi"),
    "Sumatera Selatan": ("Sriwijaya", "Musi", "Ampera", "Siguntang", "Ogan", "Komering", "Lematang", "Dempo"),
}

CATEGORY_WORDS = {
    "food": ("Pangan", "Food", "Unggas", "Boga", "Rasa"),
    "agri": ("Agro", "Tani", "Kebun", "Hortikultura"),
    "tobacco": ("Tembakau", "Kretek", "Mako"),
    "industrial": ("Teknik", "Industri", "Niaga", "Makmur"),
    "mining": ("Energi", "Tambang", "Mineral"),
    "forestry": ("Wana", "Kayu", "Rimba"),
    "trade": ("Niaga", "Trading", "Distribusi", "Perdagangan"),
}

FIRST_NAMES = {
    "Jawa Timur": (
        "Budi",
        "Siti",
        "Agus",
        "Sri",
        "Eko",
        "Dwi",
        "Wahyu",
        "Rina",
        "Hadi",
        "Slamet",
        "Endang",
        "Bambang",
        "Yuli",
        "Dewi",
        "Joko",
        "Tri",
        "Lestari",
        "Heru",
        "Nanik",
        "Sugeng",
    ),
    "Sumatera Selatan": (
        "Ahmad",
        "Muhammad",
        "Rahmat",
        "Dedi",
        "Yuni",
        "Fitri",
        "Hendra",
        "Rudi",
        "Novi",
        "Herman",
        "Zulkifli",
        "Indah",
        "Rizky",
        "Febri",
        "Yanti",
        "Mulyadi",
        "Sari",
        "Anton",
    ),
}
DEFAULT_FIRST_NAMES = ("Andi", "Dian", "Rizal", "Maya", "Fajar", "Putri", "Arif", "Nur", "Bayu", "Ratna")
LAST_NAMES = (
    "Santoso", "Wibowo", "Prasetyo", "Hidayat", "Saputra", "Kurniawan", "Setiawan", "Nugroho", "Rahayu",
    "Susanto", "Pratama", "Firmansyah", "Syahputra", "Lubis", "Harahap", "Wijaya", "Hasan", "Utami",
)  # fmt: skip

CITIES = {
    "Jawa Timur": (
        "Surabaya",
        "Malang",
        "Sidoarjo",
        "Gresik",
        "Kediri",
        "Jember",
        "Banyuwangi",
        "Pasuruan",
        "Probolinggo",
        "Madiun",
        "Blitar",
        "Tulungagung",
        "Lamongan",
        "Tuban",
        "Bojonegoro",
        "Mojokerto",
        "Jombang",
        "Lumajang",
        "Pamekasan",
        "Sumenep",
        "Ponorogo",
        "Batu",
    ),
    "Sumatera Selatan": (
        "Palembang",
        "Prabumulih",
        "Lubuklinggau",
        "Pagar Alam",
        "Ogan Ilir",
        "Kayu Agung",
        "Baturaja",
        "Muara Enim",
        "Lahat",
        "Sekayu",
        "Banyuasin",
        "Martapura",
        "Muaradua",
    ),
}

ID_PREFIX = {"Jawa Timur": "JT", "Sumatera Selatan": "SS"}
