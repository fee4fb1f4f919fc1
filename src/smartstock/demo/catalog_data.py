"""Static tables the demo catalogue is drawn from: suppliers, categories and item templates.

All brands, companies and people are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TENANT_NAME = "한빛리빙 (데모)"

# (email, name, role) in role order; e-mails match data.DEMO_EMAILS.
USERS = (
    ("owner@demo.example", "김한빛", "owner"),
    ("manager@demo.example", "이서준", "manager"),
    ("staff@demo.example", "박지민", "staff"),
    ("viewer@demo.example", "최유나", "viewer"),
)


@dataclass(frozen=True)
class SupplierSpec:
    key: str
    name: str
    contact_name: str
    phone: str
    email: str
    lead_time_days: int
    moq: int
    notes: str
    domestic: bool


SUPPLIERS = (
    SupplierSpec("fast", "다온생활산업", "정민호 과장", "031-8012-3344", "order@daon-living.example",
                 3, 10, "경기 김포 물류센터 직출고, 오후 2시 마감", True),
    SupplierSpec("kitchen", "바른키친코리아", "한지수 대리", "02-2631-7720", "sales@barunkitchen.example",
                 7, 50, "주방용품 제조사 직거래, 월말 정산", True),
    SupplierSpec("oem", "웰니스팜", "오세진 팀장", "043-215-9087", "b2b@wellnessfarm.example",
                 14, 100, "건강식품·화장품 OEM, 제조 후 출고", True),
    SupplierSpec("china", "이우글로벌무역", "장웨이 (张伟)", "+86-579-8555-0192", "trade@yiwu-global.example",
                 45, 500, "중국 이우 소싱, 해상 LCL, 통관 포함", False),
    SupplierSpec("nordic", "노르딕아웃도어 (스웨덴)", "에릭 린드 (Erik Lind)", "+46-8-555-0147",
                 "export@nordic-outdoor.example", 120, 1000, "스웨덴 본사 생산, 연 2회 컨테이너 선적", False),
)

# Factories behind the import suppliers (the manufacturer column of their products).
IMPORT_MANUFACTURERS = {
    "china": ("이우 화양공예유한공사", "광저우 모던홈제조", "닝보 썬라이트 플라스틱", "선전 하이테크 일렉트로닉스"),
    "nordic": ("스칸디캠프 AB",),
}


@dataclass(frozen=True)
class ItemSpec:
    """A product line; each variant becomes one SKU."""

    name: str
    unit_cost: int  # typical purchase cost in KRW
    variants: tuple[str, ...] = ("",)
    pack_size: int = 1
    shelf_life: tuple[int, int] | None = None  # use-by range in days for food/health/beauty
    supplier: str | None = None  # forces a supplier key (otherwise drawn from the category)
    brand: str | None = None  # forces a brand (e.g. an imported brand)


@dataclass(frozen=True)
class CategorySpec:
    name: str
    sku_prefix: str
    brands: tuple[str, ...]
    suppliers: dict[str, float]  # supplier key -> probability
    monthly_demand: tuple[float, ...]  # relative level Jan..Dec
    holiday_uplift: dict[str, float] = field(default_factory=dict)  # see korean_calendar
    items: tuple[ItemSpec, ...] = ()


CATEGORIES = (
    CategorySpec(
        "주방용품", "KT", ("쿡앤홈", "키친마루", "스텐리움"), {"kitchen": 0.75, "china": 0.25},
        (1.05, 0.95, 1.0, 0.95, 0.95, 0.9, 0.9, 0.95, 1.0, 1.0, 1.15, 1.2),  # 김장 and year-end
        {"gift": 1.4},
        (
            ItemSpec("스테인리스 냄비", 14_000, ("16cm", "20cm", "24cm")),
            ItemSpec("논스틱 프라이팬", 12_000, ("24cm", "28cm")),
            ItemSpec("실리콘 주걱", 2_500, ("소", "대"), pack_size=12),
            ItemSpec("유리 밀폐용기", 4_500, ("520ml", "1050ml"), pack_size=6),
            ItemSpec("원목 도마", 9_000, ("중", "대")),
            ItemSpec("김치통", 8_000, ("5L", "10L")),
            ItemSpec("스텐 수저 2벌", 6_500),
            ItemSpec("계량컵 500ml", 3_000, pack_size=12),
            ItemSpec("주방 집게", 2_800, ("블랙", "화이트"), pack_size=12),
            ItemSpec("스텐 채반", 5_500, ("24cm", "30cm")),
            ItemSpec("트라이탄 물병 1L", 4_000, ("클리어", "그린"), pack_size=6),
            ItemSpec("주방 칼 세라믹", 11_000, ("식도", "과도")),
            ItemSpec("양념통", 2_200, ("3개입", "5개입"), pack_size=12),
        ),
    ),
    CategorySpec(
        "생활용품", "LV", ("다온리빙", "살림공방", "데일리하우스"), {"fast": 0.7, "china": 0.3},
        (1.0, 0.95, 1.1, 1.05, 1.0, 1.0, 1.05, 1.0, 0.95, 0.95, 0.95, 1.0),
        {"gift": 1.15},
        (
            ItemSpec("3겹 천연펄프 화장지 30롤", 9_500, pack_size=6, supplier="fast"),
            ItemSpec("도톰 물티슈 100매", 900, ("캡형", "리필"), pack_size=10, supplier="fast"),
            ItemSpec("고무장갑", 1_200, ("중", "대"), pack_size=12),
            ItemSpec("다용도 수납함", 3_500, ("소", "중", "대")),
            ItemSpec("논슬립 옷걸이 20개입", 6_000, ("화이트", "그레이"), pack_size=10),
            ItemSpec("옷장 제습제 6개입", 4_200, pack_size=12, supplier="fast"),
            ItemSpec("고농축 섬유유연제 2.5L", 5_800, ("코튼향", "라벤더향"), pack_size=6, supplier="fast"),
            ItemSpec("세탁망", 1_500, ("원형", "사각"), pack_size=10),
            ItemSpec("접이식 빨래건조대", 18_000),
            ItemSpec("극세사 먼지털이", 3_200),
            ItemSpec("지퍼백 중형 50매", 2_300, pack_size=24),
            ItemSpec("분리수거함 3단", 21_000),
            ItemSpec("원터치 빨래바구니", 7_200, ("소", "대")),
            ItemSpec("스팀 다리미판", 15_500),
            ItemSpec("LED 센서 무드등", 5_600, ("웜", "쿨")),
        ),
    ),
    CategorySpec(
        "욕실용품", "BA", ("바스데이", "클린욕실", "포레스트바스"), {"fast": 0.8, "china": 0.2},
        (0.95, 0.95, 1.05, 1.0, 1.0, 1.1, 1.15, 1.1, 0.95, 0.9, 0.9, 0.95),
        {},
        (
            ItemSpec("규조토 발매트", 7_500, ("베이지", "그레이")),
            ItemSpec("샤워기 필터 헤드", 8_900, ("기본형", "비타민")),
            ItemSpec("샤워기 리필 필터 3개입", 4_500, pack_size=10),
            ItemSpec("칫솔꽂이", 3_300, ("2구", "4구")),
            ItemSpec("욕실 청소솔", 2_400, ("일자형", "ㄱ자형"), pack_size=12),
            ItemSpec("때밀이 샤워타월", 1_100, pack_size=24),
            ItemSpec("호텔수건 40수", 3_900, ("화이트", "네이비", "그레이"), pack_size=10),
            ItemSpec("배수구 거름망 30매", 1_800, pack_size=24),
            ItemSpec("미끄럼방지 욕실화", 4_800, ("230", "260", "280")),
            ItemSpec("변기 세정제", 2_100, pack_size=12),
            ItemSpec("방수 샤워커튼", 9_800),
            ItemSpec("코너형 욕실 선반", 8_400),
            ItemSpec("일회용 샤워캡 10매", 900, pack_size=24),
            ItemSpec("규조토 비누받침", 2_700),
        ),
    ),
    CategorySpec(
        "반려동물용품", "PT", ("멍냥상회", "펫토리", "해피포우"), {"china": 0.55, "fast": 0.45},
        (0.95, 0.95, 1.0, 1.0, 1.05, 1.05, 1.1, 1.05, 1.0, 0.95, 0.95, 0.95),
        {},
        (
            ItemSpec("닭가슴살 육포 200g", 5_200, ("오리지널", "고구마"), pack_size=24,
                     shelf_life=(365, 540), supplier="fast"),
            ItemSpec("고양이 츄르 스틱 30개입", 8_800, ("참치", "닭고기"), pack_size=12,
                     shelf_life=(365, 540), supplier="fast"),
            ItemSpec("연어 그레인프리 사료 2kg", 16_500, pack_size=6, shelf_life=(450, 540), supplier="fast"),
            ItemSpec("대형 배변패드 100매", 11_000, pack_size=6, supplier="fast"),
            ItemSpec("두부 고양이모래 7L", 6_400, ("오리지널", "녹차"), pack_size=6, supplier="fast"),
            ItemSpec("골판지 스크래처", 4_200, ("소", "대")),
            ItemSpec("쿠션 하네스", 6_900, ("S", "M", "L")),
            ItemSpec("자동 급수기 2L", 13_500),
            ItemSpec("슬리커 펫 브러시", 3_600),
            ItemSpec("노즈워크 매트", 9_900),
            ItemSpec("LED 야광 목줄", 4_900, ("레드", "블루")),
            ItemSpec("강아지 덴탈껌 30개입", 7_400, ("S", "M"), pack_size=12,
                     shelf_life=(365, 540), supplier="fast"),
            ItemSpec("고양이 낚싯대 장난감", 1_900, ("깃털", "쥐돌이"), pack_size=12),
            ItemSpec("펫 이동가방", 17_500),
            ItemSpec("고양이 숨숨집", 12_000),
        ),
    ),
    CategorySpec(
        "건강식품", "HF", ("한뜰건강", "온새미로", "바른정원"), {"oem": 1.0},
        (1.25, 1.1, 1.0, 0.95, 0.9, 0.8, 0.75, 0.8, 0.95, 1.05, 1.15, 1.3),  # winter immunity
        {"gift": 3.0},  # 설날/추석 gift sets
        tuple(
            ItemSpec(name, cost, variants, pack_size=pack, shelf_life=(365, 730))
            for name, cost, variants, pack in (
                ("6년근 홍삼정 240g", 38_000, ("",), 1),
                ("홍삼 스틱 30포", 24_000, ("",), 1),
                ("생유산균 60캡슐", 11_000, ("",), 10),
                ("비타민C 1000 120정", 7_500, ("",), 10),
                ("rTG 오메가3 90캡슐", 13_000, ("",), 10),
                ("마리골드 루테인 30캡슐", 9_800, ("",), 10),
                ("흑마늘 진액 30포", 15_000, ("",), 6),
                ("도라지배즙 30포", 12_000, ("",), 6),
                ("NFC 석류즙 30포", 14_500, ("",), 6),
                ("저분자 콜라겐 젤리 스틱", 10_500, ("복숭아맛", "자몽맛"), 10),
                ("양배추 브로콜리즙 30포", 11_500, ("",), 6),
                ("마그네슘 비타민D 60정", 6_800, ("",), 10),
                ("밀크씨슬 30정", 7_200, ("",), 10),
                ("멀티비타민 90정", 12_500, ("",), 10),
                ("아연 셀레늄 60정", 5_900, ("",), 10),
                ("배도라지 청 500g", 9_500, ("",), 6),
                ("홍삼 스틱 60포", 42_000, ("",), 1),
                ("프로폴리스 스프레이", 6_300, ("",), 10),
                ("ABC 착즙주스 30포", 16_000, ("",), 6),
                ("보스웰리아 60정", 8_900, ("",), 10),
                ("초유 단백질 파우더 280g", 19_500, ("",), 6),
                ("녹용 진액 30포", 27_000, ("",), 6),
                ("어린이 홍삼 젤리 30포", 13_500, ("",), 10),
            )
        ),
    ),
    CategorySpec(
        "캠핑용품", "CP", ("솔캠프", "들꽃아웃도어", "북쪽숲"), {"china": 0.8, "fast": 0.2},
        (0.45, 0.55, 0.95, 1.45, 1.65, 1.25, 0.85, 0.9, 1.4, 1.5, 0.75, 0.45),  # spring and autumn
        {"children": 1.5},
        (
            ItemSpec("원터치 팝업 텐트 3-4인용", 58_000),
            ItemSpec("경량 릴렉스 체어", 19_000, ("로우", "하이")),
            ItemSpec("알루미늄 롤 테이블", 24_000, ("중", "대")),
            ItemSpec("충전식 LED 랜턴", 12_500, ("웜화이트", "쿨화이트")),
            ItemSpec("사계절 머미형 침낭", 34_000),
            ItemSpec("헥사 타프 스크린", 41_000),
            ItemSpec("단조 팩 10개입", 7_800, pack_size=10),
            ItemSpec("스테인리스 화로대", 32_000),
            ItemSpec("하드 아이스박스 25L", 27_000),
            ItemSpec("폴딩 캠핑 카트", 39_000),
            ItemSpec("자충 매트 더블", 45_000),
            ItemSpec("스텐 캠핑컵 4P", 9_200),
            ItemSpec("휴대용 가스버너", 16_800),
            ItemSpec("방수 그라운드시트", 8_600, ("S", "M")),
            # Imported by the container twice a year: small, cheap items where a 1,000 MOQ is normal.
            ItemSpec("메리노 울 캠핑 양말", 6_500, ("M", "L"), pack_size=10, supplier="nordic", brand="스칸디캠프"),
            ItemSpec("티타늄 스포크", 4_800, ("실버", "블루"), pack_size=10, supplier="nordic", brand="스칸디캠프"),
            ItemSpec("방풍 파이어스타터", 3_900, pack_size=10, supplier="nordic", brand="스칸디캠프"),
        ),
    ),
    CategorySpec(
        "문구", "ST", ("모닝노트", "연필숲", "잉크랩"), {"china": 0.6, "fast": 0.4},
        (1.0, 1.55, 1.45, 0.95, 0.9, 0.8, 0.8, 1.15, 1.0, 0.85, 0.9, 1.1),  # 신학기 Feb/Mar and Aug
        {"children": 1.9, "christmas": 1.4},
        (
            ItemSpec("부드러운 젤펜 0.5mm", 450, ("블랙", "블루", "레드"), pack_size=12),
            ItemSpec("스프링 노트 A5", 1_300, ("무지", "줄"), pack_size=10),
            ItemSpec("파스텔 형광펜 5색", 2_600, pack_size=12),
            ItemSpec("점착 메모지 76x76", 700, ("옐로", "파스텔"), pack_size=24),
            ItemSpec("캔버스 필통", 3_900, ("아이보리", "차콜")),
            ItemSpec("다꾸 스티커 팩", 1_100, pack_size=24),
            ItemSpec("데일리 다이어리", 5_200, ("A5", "B6")),
            ItemSpec("색연필 24색", 4_300, pack_size=12),
            ItemSpec("미술 지우개", 250, pack_size=24),
            ItemSpec("클리어 파일 20매", 1_600, pack_size=10),
            ItemSpec("원목 데스크 정리함", 8_700),
            ItemSpec("마스킹테이프 5종", 2_900),
            ItemSpec("육각 연필 12자루", 1_400, ("HB", "2B"), pack_size=24),
            ItemSpec("포켓 수첩", 900, ("도트", "무지"), pack_size=24),
            ItemSpec("3공 바인더", 2_400),
            ItemSpec("딱풀 3개입", 1_500, pack_size=24),
            ItemSpec("제도 샤프 0.5", 2_100, ("블랙", "화이트"), pack_size=12),
        ),
    ),
    CategorySpec(
        "뷰티", "BE", ("라온뷰티", "소담코스메틱", "마린스킨"), {"oem": 1.0},
        (1.1, 0.95, 0.95, 1.0, 1.1, 1.15, 1.15, 1.05, 0.9, 0.9, 0.95, 1.1),  # sunscreen, winter creams
        {"gift": 1.3, "christmas": 1.6},
        tuple(
            ItemSpec(name, cost, variants, pack_size=pack, shelf_life=(730, 1095))
            for name, cost, variants, pack in (
                ("세라마이드 수분 크림 50ml", 6_500, ("",), 10),
                ("톤업 선크림 SPF50+ 50ml", 5_200, ("",), 10),
                ("약산성 클렌징 폼 150ml", 2_900, ("",), 12),
                ("어성초 토너 200ml", 4_800, ("",), 10),
                ("시어버터 립밤", 1_500, ("무향", "체리"), 24),
                ("시트 마스크팩 10매", 3_600, ("수분", "진정"), 10),
                ("퍼퓸 핸드크림 50ml", 2_200, ("머스크", "플로럴"), 24),
                ("대용량 바디로션 500ml", 5_900, ("",), 6),
                ("비타민 세럼 30ml", 7_800, ("",), 10),
                ("딥 클렌징 오일 200ml", 5_400, ("",), 10),
                ("커버 쿠션 팩트", 8_200, ("21호", "23호"), 10),
                ("녹차 수분 미스트 150ml", 3_700, ("",), 12),
                ("헤어 에센스 100ml", 4_100, ("",), 12),
                ("쿨링 선스틱", 5_000, ("",), 12),
                ("약산성 샴푸 500ml", 5_300, ("지성용", "건성용"), 6),
                ("풋 크림 100ml", 2_600, ("",), 12),
                ("네일 영양제", 2_300, ("",), 24),
                ("아이크림 30ml", 6_900, ("",), 10),
            )
        ),
    ),
)
